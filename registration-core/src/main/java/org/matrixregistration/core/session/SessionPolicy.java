package org.matrixregistration.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a console session ends: after {@code idleTimeout} without use, and {@code maxAge} after
 * signing in whatever the use. A session's last use is written at most once a {@link #TOUCH_EVERY},
 * so that browsing the console does not write to the database on every click; the idle timeout is
 * therefore kept to within that much.
 */
public record SessionPolicy(Duration idleTimeout, Duration maxAge) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(12);
    public static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    public static final SessionPolicy DEFAULTS = new SessionPolicy(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_AGE);

    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxAge, "maxAge");
        if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("admin_console_idle_timeout must be at least 1 minute; got " + idleTimeout);
        }
        if (maxAge.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("admin_console_session_lifetime must be at least admin_console_idle_timeout ("
                    + idleTimeout + "); got " + maxAge);
        }
    }

    public boolean isValid(AdminSession session, Instant now) {
        return now.isBefore(session.lastSeenAt().plus(idleTimeout)) && now.isBefore(session.createdAt().plus(maxAge));
    }

    /** Whether the session's last use should be written again at {@code now}. */
    public boolean dueForTouch(AdminSession session, Instant now) {
        return !now.isBefore(session.lastSeenAt().plus(TOUCH_EVERY));
    }
}
