package org.matrixregistration.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code permits} requests per {@code period} from one client, as the {@code rate_limit}
 * setting writes it.
 *
 * <p>{@link #parse} reads the strings the Python tool's configuration uses ({@code "10 per minute"},
 * {@code "100 per day"}, {@code "10/minute"}, {@code "5 per 10 minutes"}, units second, minute, hour,
 * day, month (30 days) and year (365 days)); {@link #parseAll} also splits one string at {@code ;} or
 * {@code ,}, as that tool did.
 */
public record RateLimit(long permits, Duration period) {
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*(\\d{1,9})\\s*(?:per\\s+|/\\s*)(\\d{1,6}\\s*)?(second|minute|hour|day|month|year)s?\\s*",
            Pattern.CASE_INSENSITIVE);

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (permits < 1) {
            throw new IllegalArgumentException("a limit allows at least 1 request; got " + permits);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the period must be positive; got " + period);
        }
    }

    /** One limit, e.g. {@code "10 per minute"}; throws, saying how to write one, if it cannot be read. */
    public static RateLimit parse(String text) {
        Matcher m = SYNTAX.matcher(Objects.requireNonNull(text, "rate limit"));
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read '" + text
                    + "'; write it like '10 per minute', '100 per day' or '10/hour'");
        }
        long permits = Long.parseLong(m.group(1));
        long multiple = m.group(2) == null ? 1 : Long.parseLong(m.group(2).strip());
        if (multiple < 1) {
            throw new IllegalArgumentException("the period in '" + text + "' must be at least 1");
        }
        Duration unit = switch (m.group(3).toLowerCase(Locale.ROOT)) {
            case "second" -> Duration.ofSeconds(1);
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            case "day" -> Duration.ofDays(1);
            case "month" -> Duration.ofDays(30);
            default -> Duration.ofDays(365);
        };
        return new RateLimit(permits, unit.multipliedBy(multiple));
    }

    /**
     * The limits of the setting {@code key}: every limit in the list, where an entry may hold
     * several separated by {@code ;} or {@code ,}. A list without any limit is refused rather than
     * read as "no limit" ({@code rate_limit: ''} must not switch protection off by accident).
     *
     * @throws IllegalArgumentException whose message starts with {@code key}
     */
    public static List<RateLimit> parseAll(String key, List<String> texts) {
        try {
            List<RateLimit> limits = parseAll(texts);
            if (limits.isEmpty()) {
                throw new IllegalArgumentException("must list at least one limit such as '10 per minute'; leave the"
                        + " key out for the defaults");
            }
            return limits;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** Every limit in the list; an entry may hold several separated by {@code ;} or {@code ,}. */
    public static List<RateLimit> parseAll(List<String> texts) {
        List<RateLimit> limits = new ArrayList<>();
        for (String text : texts) {
            for (String part : text.split("[;,]")) {
                if (!part.isBlank()) {
                    limits.add(parse(part));
                }
            }
        }
        return List.copyOf(limits);
    }

    @Override
    public String toString() {
        return permits + " per " + period;
    }
}
