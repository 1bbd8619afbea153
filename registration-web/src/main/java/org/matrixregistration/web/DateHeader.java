package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The {@code Date} header of every response, in HTTP's IMF-fixdate form (RFC 9110, section 5.6.7:
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}), made once a second from the clock's fields.
 *
 * <p>It replaces Undertow's own (servers using it turn {@code UndertowOptions.ALWAYS_SET_DATE}
 * off), which formats with a {@code SimpleDateFormat} whose zone name loads the JDK's CLDR
 * time-zone names on the first response: about 19 ms of the first answer after a start (20
 * alternating starts of the image), and memory kept for the life of the process. The names of days
 * and months here are HTTP's, fixed in English by the protocol, not the JVM's locale data.
 */
public final class DateHeader implements HttpHandler {
    /** In {@link java.time.DayOfWeek} order. */
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private record Second(long epochSecond, String text) {}

    private final HttpHandler next;
    private final Clock clock;
    /** The last second's header; racing requests at a second's turn at worst format it twice. */
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    public DateHeader(HttpHandler next) {
        this(next, Clock.systemUTC());
    }

    DateHeader(HttpHandler next, Clock clock) {
        this.next = Objects.requireNonNull(next, "next");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(Headers.DATE, now());
        next.handleRequest(exchange);
    }

    /** The header's value for the clock's current second. */
    String now() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Second cached = last;
        if (cached.epochSecond() != second) {
            cached = new Second(second, format(second));
            last = cached;
        }
        return cached.text();
    }

    /** IMF-fixdate of a second since the epoch, in UTC (which HTTP calls GMT). */
    static String format(long epochSecond) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(29)
                .append(DAYS[time.getDayOfWeek().ordinal()]).append(", ");
        digits(text, time.getDayOfMonth(), 2).append(' ').append(MONTHS[time.getMonthValue() - 1]).append(' ');
        digits(text, time.getYear(), 4).append(' ');
        digits(text, time.getHour(), 2).append(':');
        digits(text, time.getMinute(), 2).append(':');
        digits(text, time.getSecond(), 2).append(" GMT");
        return text.toString();
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String number = Integer.toString(value);
        text.append("0".repeat(Math.max(0, width - number.length())));
        return text.append(number);
    }
}
