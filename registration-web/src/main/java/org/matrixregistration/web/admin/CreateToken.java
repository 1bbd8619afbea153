package org.matrixregistration.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * {@code POST /api/token} with {@code {"max_usage": 1, "expiration_date": "2026-12-31"}}, both
 * optional, and new: {@code note}, {@code requires_approval} and a chosen {@code name}. Answers 200 with the new token object.
 * Unknown fields are ignored, as the old tool did. Without {@code max_usage} the token admits one
 * registration (the CLI's default; the old tool's was unlimited, which a forgotten field should not
 * give away). A chosen name that exists gets 409 {@code MR_TOKEN_EXISTS}; an expiry in the past 400;
 * {@code "requires_approval": true} without {@code homeserver_admin_token} 400 {@code MR_APPROVAL_UNAVAILABLE}.
 */
final class CreateToken extends AdminCall {
    static final UsageLimit DEFAULT_LIMIT = UsageLimit.of(1);

    private final AdministerTokens tokens;
    private final TokenJson json;

    CreateToken(AdministerTokens tokens, TokenJson json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        JsonNode body = objectBody(exchange);
        Optional<TokenName> name = body.has("name") ? TokenFields.name(body.get("name")) : Optional.empty();
        UsageLimit limit = body.hasNonNull("max_usage") ? TokenFields.limit(body.get("max_usage")) : DEFAULT_LIMIT;
        Optional<Instant> expiry = body.has("expiration_date") ? json.expiry(body.get("expiration_date")) : Optional.empty();
        String note = body.has("note") ? TokenFields.note(body.get("note")) : "";
        boolean approval = body.hasNonNull("requires_approval") && TokenFields.requiresApproval(body.get("requires_approval"));
        CreateOutcome outcome = tokens.create(new NewToken(name, limit, expiry, note, approval));
        if (outcome instanceof CreateOutcome.Created created) {
            json.answer(exchange, created.token(), List.of());
        } else if (outcome instanceof CreateOutcome.NameTaken taken) {
            throw new ApiError(409, "MR_TOKEN_EXISTS", "a token named " + taken.name().value() + " exists already");
        } else if (outcome instanceof CreateOutcome.ApprovalUnavailable) {
            throw ApiError.approvalUnavailable(tokens.approvalUnavailableReason());
        } else {
            throw ApiError.badRequest("expiration_date lies in the past; the token could never be used");
        }
    }
}
