package org.matrixregistration.core.admin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expiry as an admin writes it on the command line or in the console, read by {@link #parse}
 * and resolved against a clock and the server's zone only when it is used (the CLI parses before
 * any configuration is read).
 *
 * <p>A date alone means the start of that day (00:00) in the server's time zone: the Python tool
 * stored such a date as a naive midnight and compared it with local time, and the admin API
 * shows it as {@code "2026-12-31 00:00:00"}. So {@code 2026-12-31} no longer admits anyone on the 31st.
 */
public sealed interface Expiry {
    /** The forms {@link #parse} reads, for messages and help texts. */
    String FORMS = "a date (2026-12-31: expires at 00:00 that day, server time), a date and time "
            + "(2026-12-31T18:00 or 2026-12-31T18:00+01:00), a duration from now (30m, 12h, 7d, 2w, 7 days) or 'never'";

    record Never() implements Expiry {}

    record StartOfDay(LocalDate date) implements Expiry {}

    record ServerTime(LocalDateTime dateTime) implements Expiry {}

    record Exact(Instant instant) implements Expiry {}

    record FromNow(Duration duration) implements Expiry {
        public FromNow {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * Reads a date ({@code 2026-12-31}), a date and time in server time ({@code 2026-12-31T18:00},
     * also with a space) or with an offset ({@code 2026-12-31T18:00+01:00}), a duration from now
     * ({@code 30m 12h 7d 2w}, or spelled out: {@code 7 days}), or {@code never}.
     *
     * @throws IllegalArgumentException naming the {@link #FORMS}
     */
    static Expiry parse(String text) {
        String value = Objects.requireNonNull(text, "expiry").strip();
        if (value.equalsIgnoreCase("never")) {
            return new Never();
        }
        Matcher duration = Forms.DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (duration.matches()) {
            long amount = Long.parseLong(duration.group(1));
            if (amount == 0) {
                throw new IllegalArgumentException("'" + text + "' is no time at all; a duration must be at least 1");
            }
            Duration one = switch (duration.group(2).charAt(0)) {
                case 'm' -> Duration.ofMinutes(1);
                case 'h' -> Duration.ofHours(1);
                case 'd' -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return new FromNow(one.multipliedBy(amount));
        }
        Matcher spaced = Forms.DATE_SPACE_TIME.matcher(value);
        if (spaced.matches()) {
            value = spaced.group(1) + "T" + spaced.group(2);
        }
        try {
            if (!value.contains("T")) {
                return new StartOfDay(LocalDate.parse(value));
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(value, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof ZonedDateTime zoned
                    ? new Exact(zoned.toInstant())
                    : new ServerTime((LocalDateTime) parsed);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + FORMS);
        }
    }

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

    /** The patterns of {@link #parse}; an interface cannot hold private constants. */
    final class Forms {
        static final Pattern DURATION =
                Pattern.compile("(\\d{1,6})\\s*(m|mins?|minutes?|h|hours?|d|days?|w|weeks?)");
        static final Pattern DATE_SPACE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (.+)");

        private Forms() {}
    }
}
