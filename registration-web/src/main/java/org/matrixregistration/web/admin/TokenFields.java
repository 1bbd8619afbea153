package org.matrixregistration.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Pattern;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * Reads the settable fields of a token object, each with an error naming the field.
 *
 * <p>{@code expiration_date} takes what the old tool took and what it answered: a date
 * ({@code 2026-12-31}, meaning 00:00 that day in the server's zone, as the CLI reads it), a date and
 * time in the server's zone ({@code 2026-12-31 18:00:00} or {@code 2026-12-31T18:00}), or an
 * ISO-8601 date-time with an offset ({@code 2026-12-31T18:00:00+01:00}, {@code ...Z}); {@code null}
 * means never.
 */
final class TokenFields {
    private static final Pattern DATE_SPACE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) +(\\d.*)");

    private TokenFields() {}

    static Optional<Instant> expiry(JsonNode value, ZoneId zone) throws ApiError {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw badDate(value.toString());
        }
        String text = value.textValue().strip();
        try {
            if (!text.contains("T") && !text.contains(" ")) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(zone).toInstant());
            }
            var spaced = DATE_SPACE_TIME.matcher(text);
            String iso = spaced.matches() ? spaced.group(1) + "T" + spaced.group(2) : text;
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
            return Optional.of(parsed instanceof OffsetDateTime exact
                    ? exact.toInstant()
                    : ((LocalDateTime) parsed).atZone(zone).toInstant());
        } catch (DateTimeException e) {
            throw badDate(text);
        }
    }

    private static ApiError badDate(String given) {
        String shown = given.length() > 64 ? given.substring(0, 61) + "..." : given;
        return ApiError.badDate("expiration_date must be YYYY-MM-DD, 'YYYY-MM-DD HH:MM:SS' (server time) or an "
                + "ISO-8601 date-time with offset such as 2026-12-31T18:00:00+01:00; got " + shown);
    }

    /** {@code max_usage}: a whole number, 0 for unlimited; {@code false} is 0, as the old tool stored it. */
    static UsageLimit limit(JsonNode value) throws ApiError {
        if (value.isBoolean() && !value.booleanValue()) {
            return UsageLimit.UNLIMITED;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw ApiError.badRequest("max_usage must be a whole number >= 0 (0 means unlimited); got " + value);
        }
        return new UsageLimit(value.intValue());
    }

    static boolean disabled(JsonNode value) throws ApiError {
        if (!value.isBoolean()) {
            throw ApiError.badRequest("disabled must be true or false; got " + value);
        }
        return value.booleanValue();
    }

    static boolean requiresApproval(JsonNode value) throws ApiError {
        if (!value.isBoolean()) {
            throw ApiError.badRequest("requires_approval must be true or false; got " + value);
        }
        return value.booleanValue();
    }

    static String note(JsonNode value) throws ApiError {
        if (value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("note must be a string");
        }
        if (value.textValue().length() > NewToken.MAX_NOTE_LENGTH) {
            throw ApiError.badRequest("note may have at most " + NewToken.MAX_NOTE_LENGTH + " characters");
        }
        return value.textValue();
    }

    static Optional<TokenName> name(JsonNode value) throws ApiError {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || !TokenName.isValid(value.textValue())) {
            throw ApiError.badRequest("name must have 1 to 64 characters from A-Z, a-z, 0-9, '.', '_', '~' and '-'");
        }
        return Optional.of(new TokenName(value.textValue()));
    }
}
