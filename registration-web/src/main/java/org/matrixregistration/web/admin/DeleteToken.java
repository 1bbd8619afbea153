package org.matrixregistration.web.admin;

import io.undertow.server.HttpServerExchange;
import java.util.Map;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.web.Responses;

/** {@code DELETE /api/token/{name}}: the token and its uses go; {@code {"success": "true"}} (a string, as before) or 404. */
final class DeleteToken extends AdminCall {
    private final AdministerTokens tokens;

    DeleteToken(AdministerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        if (!tokens.delete(tokenName(exchange))) {
            throw ApiError.tokenNotFound();
        }
        Responses.json(exchange, 200, Map.of("success", "true"));
    }
}
