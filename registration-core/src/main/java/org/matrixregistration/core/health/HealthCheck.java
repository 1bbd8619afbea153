package org.matrixregistration.core.health;

/**
 * Something the portal depends on that can say whether it works now (the database, the
 * homeserver). Checks must be cheap, side-effect free and bounded in time.
 */
public interface HealthCheck {

    /** A short stable name, e.g. {@code database} or {@code homeserver}. */
    String component();

    HealthReport check();
}
