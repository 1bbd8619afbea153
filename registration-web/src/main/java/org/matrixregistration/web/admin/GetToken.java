package org.matrixregistration.web.admin;

import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.List;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenRepresentation;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.web.Responses;

/** {@code GET /api/token/{name}}: the token object, or 404 {@code MR_TOKEN_NOT_FOUND}. */
final class GetToken extends AdminCall {
    private final AdministerTokens tokens;
    private final TokenRepresentation json;
    private final Clock clock;

    GetToken(AdministerTokens tokens, TokenRepresentation json, Clock clock) {
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        TokenName name = tokenName(exchange);
        InviteToken token = tokens.get(name).orElseThrow(ApiError::tokenNotFound);
        Responses.json(exchange, 200, json.token(token, tokens.uses(name).orElse(List.of()), clock.instant()));
    }
}
