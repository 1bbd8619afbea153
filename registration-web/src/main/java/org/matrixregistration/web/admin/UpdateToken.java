package org.matrixregistration.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.UpdateOutcome;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;

/**
 * {@code PATCH /api/token/{name}} with any of {@code max_usage}, {@code expiration_date} (parsed as
 * on create; {@code null} removes it), {@code disabled} ({@code false} enables again) and, new,
 * {@code note} and {@code requires_approval}. Answers the changed token object. The old tool let {@code used} be reset and stored
 * dates unparsed; here facts ({@code name}, {@code used}, {@code ips}, {@code active},
 * {@code created_at}) and unknown fields get 400 naming the field, and nothing changes.
 */
final class UpdateToken extends AdminCall {
    private static final Set<String> FACTS = Set.of("name", "used", "ips", "active", "created_at");
    private static final String SETTINGS = "max_usage, expiration_date, disabled, note and requires_approval";

    private final AdministerTokens tokens;
    private final TokenJson json;

    UpdateToken(AdministerTokens tokens, TokenJson json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        TokenName name = tokenName(exchange);
        TokenChanges changes = changes(objectBody(exchange));
        UpdateOutcome outcome = tokens.update(name, changes);
        if (outcome instanceof UpdateOutcome.NotFound) {
            throw ApiError.tokenNotFound();
        }
        if (outcome instanceof UpdateOutcome.ApprovalUnavailable) {
            throw ApiError.approvalUnavailable(tokens.approvalUnavailableReason());
        }
        InviteToken token = ((UpdateOutcome.Updated) outcome).token();
        json.answer(exchange, token, tokens.uses(name).orElse(List.of()));
    }

    private TokenChanges changes(JsonNode body) throws ApiError {
        if (body.isEmpty()) {
            throw ApiError.badRequest("no data in request; send any of " + SETTINGS);
        }
        TokenChanges changes = TokenChanges.NONE;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode value = field.getValue();
            changes = switch (field.getKey()) {
                case "max_usage" -> changes.withLimit(TokenFields.limit(value));
                case "expiration_date" -> changes.withExpiry(json.expiry(value));
                case "disabled" -> changes.withDisabled(TokenFields.disabled(value));
                case "note" -> changes.withNote(TokenFields.note(value));
                case "requires_approval" -> changes.withRequiresApproval(TokenFields.requiresApproval(value));
                default -> throw ApiError.badRequest(FACTS.contains(field.getKey())
                        ? field.getKey() + " cannot be changed; only " + SETTINGS + " can"
                        : "unknown field " + shortened(field.getKey()) + "; send any of " + SETTINGS);
            };
        }
        return changes;
    }

    private static String shortened(String key) {
        return key.length() > 40 ? key.substring(0, 37) + "..." : key;
    }
}
