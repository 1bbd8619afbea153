package org.matrixregistration.web.admin;

import io.undertow.server.HttpServerExchange;
import java.util.List;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;

/** {@code GET /api/token/{name}}: the token object, or 404 {@code MR_TOKEN_NOT_FOUND}. */
final class GetToken extends AdminCall {
    private final AdministerTokens tokens;
    private final TokenJson json;

    GetToken(AdministerTokens tokens, TokenJson json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        TokenName name = tokenName(exchange);
        InviteToken token = tokens.get(name).orElseThrow(ApiError::tokenNotFound);
        json.answer(exchange, token, tokens.uses(name).orElse(List.of()));
    }
}
