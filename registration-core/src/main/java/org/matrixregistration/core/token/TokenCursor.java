package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of tokens ended: the creation time and name of its last token, the order's key. As
 * text, {@code <microseconds since the epoch>-<name>}, which needs no escaping in a URL.
 */
public record TokenCursor(Instant createdAt, TokenName name) {
    private static final Pattern TEXT = Pattern.compile("(-?\\d{1,19})-(.+)");

    public TokenCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(name, "name");
    }

    public static TokenCursor of(InviteToken token) {
        return new TokenCursor(token.createdAt(), token.name());
    }

    /** Reads {@link #toString()}'s form; throws {@link IllegalArgumentException} for anything else. */
    public static TokenCursor parse(String text) {
        Matcher m = TEXT.matcher(Objects.requireNonNull(text, "cursor"));
        if (!m.matches() || !TokenName.isValid(m.group(2))) {
            throw new IllegalArgumentException("not a page cursor: '" + text + "'");
        }
        try {
            long micros = Long.parseLong(m.group(1));
            return new TokenCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000), new TokenName(m.group(2)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a page cursor: '" + text + "'");
        }
    }

    /** Microseconds: the precision stores keep. */
    public long createdAtMicros() {
        return Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1000);
    }

    @Override
    public String toString() {
        return createdAtMicros() + "-" + name.value();
    }
}
