package org.matrixregistration.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/** Times as people read them on the command line: to the minute, in the server's time zone. */
public record ServerTime(ZoneId zone) {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public ServerTime {
        Objects.requireNonNull(zone, "zone");
    }

    public String format(Instant instant) {
        return MINUTES.format(instant.atZone(zone));
    }

    public String formatWithZone(Instant instant) {
        return format(instant) + " " + zoneName();
    }

    public String zoneName() {
        return zoneName(zone);
    }

    /** {@code UTC} rather than {@code Z}; otherwise the zone's ID, e.g. {@code Europe/Berlin}. */
    public static String zoneName(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }
}
