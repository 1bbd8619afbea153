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
import org.matrixregistration.core.token.TokenCursor;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.web.Responses;

/**
 * {@code GET /api/token}: a bare JSON array of token objects, as old clients expect. Without
 * {@code limit} every token is listed, as before. New: {@code ?active=true|false} filters;
 * {@code ?limit=} (1 to 1000) pages, either at {@code ?offset=} (the total then goes in
 * {@code X-Total-Count}) or, faster at any depth, after the cursor {@code ?after=} that the
 * previous page gave in its {@code Link: <...>; rel="next"} header. The uses behind every token's
 * {@code ips} are read in one query per page.
 */
final class ListTokens extends AdminCall {
    static final HttpString TOTAL_COUNT = new HttpString("X-Total-Count");
    static final HttpString LINK = new HttpString("Link");

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
        TokenQuery.Status status = status(query(exchange, "active"));
        int offset = number(exchange, "offset", 0, Integer.MAX_VALUE).orElse(0);
        Optional<Integer> limit = number(exchange, "limit", 1, TokenQuery.MAX_LIMIT);
        Optional<TokenCursor> after = cursor(exchange);
        if (after.isPresent() && offset > 0) {
            throw ApiError.badRequest("use either after or offset, not both");
        }
        TokenQuery query = TokenQuery.all().withStatus(status).at(offset, limit.orElse(TokenQuery.MAX_LIMIT));
        if (after.isPresent()) {
            query = query.after(after.get());
        } else if (limit.isPresent()) {
            query = query.withTotal();
        }
        Instant now = clock.instant();
        List<Map<String, Object>> body = new ArrayList<>();
        Page<InviteToken> page = tokens.list(query);
        add(body, page, now);
        while (limit.isEmpty() && page.next().isPresent()) {
            page = tokens.list(query.at(0, TokenQuery.MAX_LIMIT).after(page.next().get()));
            add(body, page, now);
        }
        if (limit.isEmpty()) {
            exchange.getResponseHeaders().put(TOTAL_COUNT, body.size());
        } else {
            page.total().ifPresent(total -> exchange.getResponseHeaders().put(TOTAL_COUNT, total));
            Optional<TokenCursor> next = page.next();
            if (next.isPresent()) {
                exchange.getResponseHeaders().put(LINK, "<" + exchange.getRequestPath() + "?" + (status == TokenQuery.Status.ALL
                        ? "" : "active=" + (status == TokenQuery.Status.ACTIVE) + "&") + "limit=" + limit.get()
                        + "&after=" + next.get() + ">; rel=\"next\"");
            }
        }
        Responses.json(exchange, 200, body);
    }

    private void add(List<Map<String, Object>> body, Page<InviteToken> page, Instant now) {
        Map<TokenName, List<TokenUse>> uses = tokens.uses(page.items().stream().map(InviteToken::name).toList());
        for (InviteToken token : page.items()) {
            body.add(json.token(token, uses.getOrDefault(token.name(), List.of()), now));
        }
    }

    private static Optional<TokenCursor> cursor(HttpServerExchange exchange) throws ApiError {
        Optional<String> value = query(exchange, "after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TokenCursor.parse(value.get()));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("after must be the cursor of a Link header");
        }
    }

    private static TokenQuery.Status status(Optional<String> value) throws ApiError {
        if (value.isEmpty()) {
            return TokenQuery.Status.ALL;
        }
        return switch (value.get()) {
            case "true" -> TokenQuery.Status.ACTIVE;
            case "false" -> TokenQuery.Status.INACTIVE;
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
