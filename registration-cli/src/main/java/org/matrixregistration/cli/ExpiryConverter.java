package org.matrixregistration.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --expires}: a date ({@code 2026-12-31}), a date and time in server time
 * ({@code 2026-12-31T18:00}, also with a space) or with an offset ({@code 2026-12-31T18:00+01:00}),
 * a duration from now ({@code 30m 12h 7d 2w}), or {@code never}.
 */
final class ExpiryConverter implements ITypeConverter<Expiry> {
    static final String FORMS = "a date (2026-12-31: expires at 00:00 that day, server time), a date and time "
            + "(2026-12-31T18:00 or 2026-12-31T18:00+01:00), a duration from now (30m, 12h, 7d, 2w) or 'never'";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([mhdw])");
    private static final Pattern DATE_SPACE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (.+)");

    @Override
    public Expiry convert(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("never")) {
            return new Expiry.Never();
        }
        Matcher duration = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (duration.matches()) {
            return fromNow(text, Long.parseLong(duration.group(1)), duration.group(2));
        }
        Matcher spaced = DATE_SPACE_TIME.matcher(value);
        if (spaced.matches()) {
            value = spaced.group(1) + "T" + spaced.group(2);
        }
        try {
            if (!value.contains("T")) {
                return new Expiry.StartOfDay(LocalDate.parse(value));
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(value, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof ZonedDateTime zoned
                    ? new Expiry.Exact(zoned.toInstant())
                    : new Expiry.ServerTime((LocalDateTime) parsed);
        } catch (DateTimeException e) {
            throw new TypeConversionException("'" + text + "' is not " + FORMS);
        }
    }

    private static Expiry fromNow(String text, long amount, String unit) {
        if (amount == 0) {
            throw new TypeConversionException("'" + text + "' is no time at all; a duration must be at least 1");
        }
        Duration one = switch (unit) {
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
        };
        return new Expiry.FromNow(one.multipliedBy(amount));
    }
}
