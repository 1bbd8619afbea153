package org.matrixregistration.web.admin;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/** The rate limiters' time taken from the injected clock, so that tests can move it. */
final class ClockTime implements TimeMeter {
    private final Clock clock;

    ClockTime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
