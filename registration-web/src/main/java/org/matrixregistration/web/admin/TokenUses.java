package org.matrixregistration.web.admin;

import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenRepresentation;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.web.Responses;

/**
 * {@code GET /api/token/{name}/uses}, new: the completed uses, oldest first, as an array of
 * {@code {"user_id", "used_at", "client_address"}} (the address only when IP logging was on; uses
 * imported from the old tool may lack the user and time). 404 for an unknown token.
 */
final class TokenUses extends AdminCall {
    private final AdministerTokens tokens;
    private final TokenRepresentation json;

    TokenUses(AdministerTokens tokens, TokenRepresentation json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        List<TokenUse> uses = tokens.uses(tokenName(exchange)).orElseThrow(ApiError::tokenNotFound);
        List<Map<String, Object>> body = new ArrayList<>(uses.size());
        for (TokenUse use : uses) {
            body.add(json.use(use));
        }
        Responses.json(exchange, 200, body);
    }
}
