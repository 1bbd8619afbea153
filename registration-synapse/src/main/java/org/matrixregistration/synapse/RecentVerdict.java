package org.matrixregistration.synapse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A good verdict on a setting that costs Synapse work to check (a password hash, a user-interactive
 * session), trusted for a while so that readiness probes do not repeat the work, and forgotten as
 * soon as an answer shows the setting wrong. Thread-safe.
 */
final class RecentVerdict {
    private final Clock clock;
    private final Duration trustedFor;
    private volatile Instant acceptedAt;

    RecentVerdict(Clock clock, Duration trustedFor) {
        this.clock = clock;
        this.trustedFor = trustedFor;
    }

    void accepted() {
        acceptedAt = clock.instant();
    }

    void forget() {
        acceptedAt = null;
    }

    /** Whether the setting was accepted less than the trusted time ago. */
    boolean isRecent() {
        Instant at = acceptedAt;
        return at != null && at.plus(trustedFor).isAfter(clock.instant());
    }
}
