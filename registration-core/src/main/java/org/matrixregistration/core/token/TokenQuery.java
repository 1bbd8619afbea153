package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * One page of the token list, optionally only active or only inactive tokens ("active" as decided
 * by {@link TokenPolicy} at {@code now}). Pages are ordered by creation time, then name.
 */
public record TokenQuery(Activity activity, Instant now, int offset, int limit) {
    public static final int MAX_LIMIT = 1000;

    /** Which tokens to list. */
    public enum Activity { ALL, ACTIVE, INACTIVE }

    public TokenQuery {
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(now, "now");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0; got " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
        }
    }

    public static TokenQuery all(Instant now) {
        return new TokenQuery(Activity.ALL, now, 0, MAX_LIMIT);
    }
}
