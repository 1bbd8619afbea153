package org.matrixregistration.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.approval.Decision;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RequestRepresentation;
import org.matrixregistration.web.Responses;
import org.matrixregistration.web.Routes;

/**
 * {@code POST /api/requests/{id}/approve} and {@code POST /api/requests/{id}/deny} (optional body
 * {@code {"reason": "..."}}): 200 with the decided request object; 404 {@code MR_REQUEST_NOT_FOUND};
 * 409 {@code MR_REQUEST_DECIDED} when it was decided already (one of two admins deciding at once
 * gets it); 503 {@code MR_DECISION_INCOMPLETE} when the decision was recorded but Synapse could not
 * carry it out yet (the request needs attention, and the same call again finishes it); 400
 * {@code MR_APPROVAL_UNAVAILABLE} without {@code homeserver_admin_token}.
 */
final class DecideRequest extends AdminCall {
    private final DecideRequests requests;
    private final AdministerTokens tokens;
    private final boolean approve;

    DecideRequest(DecideRequests requests, AdministerTokens tokens, boolean approve) {
        this.requests = requests;
        this.tokens = tokens;
        this.approve = approve;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        Optional<String> id = Routes.pathParameter(exchange, "id")
                .flatMap(RequestRepresentation::id);
        Optional<String> reason = approve ? Optional.empty() : reason(objectBody(exchange));
        if (id.isEmpty()) {
            throw notFound();
        }
        if (!tokens.approvalAvailable()) {
            throw ApiError.approvalUnavailable(tokens.approvalUnavailableReason());
        }
        Decision decision = approve ? requests.approve(id.get()) : requests.deny(id.get(), reason);
        if (decision instanceof Decision.Done done) {
            Responses.json(exchange, 200, RequestRepresentation.request(done.request()));
        } else if (decision instanceof Decision.NotFound) {
            throw notFound();
        } else if (decision instanceof Decision.Conflict conflict) {
            RegistrationRequest current = conflict.current();
            throw new ApiError(409, "MR_REQUEST_DECIDED", "the request is " + current.status().wireName()
                    + (current.attention().isPresent() ? " (it needs to be " + (approve ? "denied" : "approved")
                    + " again to finish)" : "") + "; it cannot be " + (approve ? "approved" : "denied") + " now");
        } else {
            throw new ApiError(503, "MR_DECISION_INCOMPLETE", (approve ? "approved, but Synapse could not unlock"
                    : "denied, but Synapse could not deactivate") + " the account yet; the request needs attention:"
                    + " " + (approve ? "approve" : "deny") + " it again to finish");
        }
    }

    private static Optional<String> reason(JsonNode body) throws ApiError {
        JsonNode value = body.get("reason");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("reason must be a string");
        }
        if (value.textValue().length() > RegistrationRequest.MAX_REASON_LENGTH) {
            throw ApiError.badRequest("reason may have at most " + RegistrationRequest.MAX_REASON_LENGTH + " characters");
        }
        return Optional.of(value.textValue());
    }

    private static ApiError notFound() {
        return new ApiError(404, "MR_REQUEST_NOT_FOUND", "registration request does not exist");
    }
}
