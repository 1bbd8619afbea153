package org.matrixregistration.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.matrixregistration.core.admin.TokenRepresentation;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.web.Responses;

/**
 * The token object as the handlers of one token read and answer it: {@code expiration_date} read
 * in the server's zone, and the object written by the representation shared with the CLI, with
 * the clock saying whether the token is still active.
 */
record TokenJson(TokenRepresentation representation, ZoneId zone, Clock clock) {

    /** A settable {@code expiration_date}; see {@link TokenFields#expiry}. */
    Optional<Instant> expiry(JsonNode value) throws ApiError {
        return TokenFields.expiry(value, zone);
    }

    /** 200 with the token object. */
    void answer(HttpServerExchange exchange, InviteToken token, List<TokenUse> uses) {
        Responses.json(exchange, 200, representation.token(token, uses, clock.instant()));
    }
}
