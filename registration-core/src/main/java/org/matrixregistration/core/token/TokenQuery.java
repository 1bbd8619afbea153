package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which tokens to list and how: a status filter, a search text, an order, and a page, either after
 * a cursor (keyset paging: as fast at the hundred-thousandth token as at the first) or at an offset
 * (the admin API's older paging). Pages are ordered by creation time, then name.
 *
 * @param status     which tokens, by {@link TokenStatus} at the time of listing
 * @param search     only tokens whose name or note contains this text, ignoring case
 * @param order      oldest or newest first
 * @param after      the cursor a previous page gave as its {@link Page#next()}; only with offset 0
 * @param offset     tokens to skip (the older paging); slow for large offsets
 * @param limit      the page size, 1 to {@value #MAX_LIMIT}
 * @param countTotal whether the page should also say how many tokens match in all (a count over
 *                   every matching token: only when a caller shows it)
 */
public record TokenQuery(Status status, Optional<String> search, Order order, Optional<TokenCursor> after, int offset,
        int limit, boolean countTotal) {
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_SEARCH_LENGTH = 200;

    /** A filter by {@link TokenStatus}; {@code INACTIVE} is every status but active. */
    public enum Status {
        ALL, ACTIVE, INACTIVE, USED_UP, EXPIRED, DISABLED;

        /** Whether a token in {@code status} belongs to this filter. */
        public boolean includes(TokenStatus status) {
            return switch (this) {
                case ALL -> true;
                case ACTIVE -> status == TokenStatus.ACTIVE;
                case INACTIVE -> status != TokenStatus.ACTIVE;
                case USED_UP -> status == TokenStatus.USED_UP;
                case EXPIRED -> status == TokenStatus.EXPIRED;
                case DISABLED -> status == TokenStatus.DISABLED;
            };
        }
    }

    public enum Order { OLDEST_FIRST, NEWEST_FIRST }

    public TokenQuery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(after, "after");
        search = Objects.requireNonNull(search, "search").map(String::strip).filter(text -> !text.isEmpty());
        if (search.isPresent() && search.get().length() > MAX_SEARCH_LENGTH) {
            throw new IllegalArgumentException("a search has at most " + MAX_SEARCH_LENGTH + " characters");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0; got " + offset);
        }
        if (after.isPresent() && offset > 0) {
            throw new IllegalArgumentException("a page is either after a cursor or at an offset, not both");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
        }
    }

    /** Every token, oldest first, the first {@value #MAX_LIMIT}, without a total. */
    public static TokenQuery all() {
        return new TokenQuery(Status.ALL, Optional.empty(), Order.OLDEST_FIRST, Optional.empty(), 0, MAX_LIMIT, false);
    }

    public TokenQuery withStatus(Status value) {
        return new TokenQuery(value, search, order, after, offset, limit, countTotal);
    }

    public TokenQuery matching(String text) {
        return new TokenQuery(status, Optional.ofNullable(text), order, after, offset, limit, countTotal);
    }

    public TokenQuery newestFirst() {
        return new TokenQuery(status, search, Order.NEWEST_FIRST, after, offset, limit, countTotal);
    }

    public TokenQuery after(TokenCursor cursor) {
        return new TokenQuery(status, search, order, Optional.of(cursor), offset, limit, countTotal);
    }

    public TokenQuery at(int newOffset, int newLimit) {
        return new TokenQuery(status, search, order, after, newOffset, newLimit, countTotal);
    }

    public TokenQuery withTotal() {
        return new TokenQuery(status, search, order, after, offset, limit, true);
    }

    /**
     * The page this query selects from {@code tokens}, judged at {@code now}: those of its status
     * that match its search, in its order, after its cursor or from its offset, with the total when
     * asked. For a store that holds its tokens at hand; one that holds many says the same in its query
     * language.
     */
    public Page<InviteToken> page(Collection<InviteToken> tokens, Instant now) {
        Comparator<InviteToken> byKey = Comparator.comparing(InviteToken::createdAt)
                .thenComparing(token -> token.name().value());
        Comparator<InviteToken> ordered = order == Order.NEWEST_FIRST ? byKey.reversed() : byKey;
        List<InviteToken> matching = tokens.stream()
                .filter(token -> status.includes(TokenStatus.of(token, now)))
                .filter(this::matchesSearch)
                .sorted(ordered)
                .toList();
        List<InviteToken> following = after.map(cursor -> {
            // A stand-in token with the cursor's key, to compare with.
            InviteToken key = InviteToken.fresh(cursor.name(), UsageLimit.UNLIMITED, Optional.empty(), "", cursor.createdAt());
            return matching.stream().filter(token -> ordered.compare(token, key) > 0).toList();
        }).orElse(matching);
        int from = Math.min(offset, following.size());
        int to = Math.min(from + limit, following.size());
        List<InviteToken> items = following.subList(from, to);
        Optional<TokenCursor> next = to < following.size() ? Optional.of(TokenCursor.of(items.get(items.size() - 1)))
                : Optional.empty();
        return new Page<>(items, countTotal ? OptionalLong.of(matching.size()) : OptionalLong.empty(), next);
    }

    /** Whether {@code token} matches the search text (the filter and the page aside). */
    public boolean matchesSearch(InviteToken token) {
        return search.map(text -> text.toLowerCase(Locale.ROOT)).map(text ->
                token.name().value().toLowerCase(Locale.ROOT).contains(text)
                        || token.note().toLowerCase(Locale.ROOT).contains(text)).orElse(true);
    }
}
