package org.matrixregistration.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * An expiry as an admin writes it (see {@link ExpiryConverter}), resolved against the
 * environment's clock and zone only when the command runs: parsing happens before any
 * configuration is read.
 *
 * <p>A date alone means the start of that day (00:00) in the server's time zone: the Python tool
 * stored such a date as a naive midnight and compared it with local time, and the admin API
 * shows it as {@code "2026-12-31 00:00:00"}. So {@code 2026-12-31} no longer admits anyone on the 31st.
 */
sealed interface Expiry {

    record Never() implements Expiry {}

    record StartOfDay(LocalDate date) implements Expiry {}

    record ServerTime(LocalDateTime dateTime) implements Expiry {}

    record Exact(Instant instant) implements Expiry {}

    record FromNow(Duration duration) implements Expiry {}

    /** The instant it stands for; empty for never. */
    default Optional<Instant> resolve(Clock clock, ZoneId zone) {
        if (this instanceof StartOfDay day) {
            return Optional.of(day.date().atStartOfDay(zone).toInstant());
        }
        if (this instanceof ServerTime local) {
            return Optional.of(local.dateTime().atZone(zone).toInstant());
        }
        if (this instanceof Exact exact) {
            return Optional.of(exact.instant());
        }
        if (this instanceof FromNow fromNow) {
            return Optional.of(clock.instant().plus(fromNow.duration()));
        }
        return Optional.empty();
    }
}
