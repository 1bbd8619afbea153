package org.matrixregistration.web.admin;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenRepresentation;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.web.Responses;

/**
 * {@code GET /api/token}: a bare JSON array of token objects, as old clients expect. New:
 * {@code ?active=true|false} filters, {@code ?limit=} (1 to 1000) and {@code ?offset=} page; the
 * total goes in {@code X-Total-Count}. Without {@code limit} every token is listed, as before.
 */
final class ListTokens extends AdminCall {
    static final HttpString TOTAL_COUNT = new HttpString("X-Total-Count");

    private final AdministerTokens tokens;
    private final TokenRepresentation json;
    private final Clock clock;

    ListTokens(AdministerTokens tokens, TokenRepresentation json, Clock clock) {
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        TokenQuery.Activity activity = activity(query(exchange, "active"));
        int offset = number(exchange, "offset", 0, Integer.MAX_VALUE).orElse(0);
        Optional<Integer> limit = number(exchange, "limit", 1, TokenQuery.MAX_LIMIT);
        Instant now = clock.instant();
        List<InviteToken> found = new ArrayList<>();
        Page<InviteToken> page;
        int next = offset;
        do {
            page = tokens.list(activity, next, limit.orElse(TokenQuery.MAX_LIMIT));
            found.addAll(page.items());
            next += page.items().size();
        } while (limit.isEmpty() && page.hasMore() && !page.items().isEmpty());
        List<Map<String, Object>> body = new ArrayList<>(found.size());
        for (InviteToken token : found) {
            body.add(json.token(token, tokens.uses(token.name()).orElse(List.of()), now));
        }
        exchange.getResponseHeaders().put(TOTAL_COUNT, page.total());
        Responses.json(exchange, 200, body);
    }

    private static TokenQuery.Activity activity(Optional<String> value) throws ApiError {
        if (value.isEmpty()) {
            return TokenQuery.Activity.ALL;
        }
        return switch (value.get()) {
            case "true" -> TokenQuery.Activity.ACTIVE;
            case "false" -> TokenQuery.Activity.INACTIVE;
            default -> throw ApiError.badRequest("active must be true or false");
        };
    }

    private static Optional<Integer> number(HttpServerExchange exchange, String name, int min, int max) throws ApiError {
        Optional<String> value = query(exchange, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
    }
}
