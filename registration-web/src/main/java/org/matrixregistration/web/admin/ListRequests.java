package org.matrixregistration.web.admin;

import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.approval.RequestRepresentation;
import org.matrixregistration.core.approval.RequestStatus;
import org.matrixregistration.web.Responses;

/**
 * {@code GET /api/requests?status=pending|approved|denied|needs_attention}: a JSON array of request
 * objects (see {@link RequestRepresentation}), newest first, all statuses without {@code status};
 * an unknown status is 400.
 */
final class ListRequests extends AdminCall {
    private final DecideRequests requests;

    ListRequests(DecideRequests requests) {
        this.requests = requests;
    }

    @Override
    void serve(HttpServerExchange exchange) throws ApiError {
        Optional<String> asked = query(exchange, "status").filter(text -> !text.isBlank());
        Optional<RequestStatus> status = Optional.empty();
        if (asked.isPresent()) {
            status = RequestStatus.fromWireName(asked.get());
            if (status.isEmpty()) {
                throw ApiError.badRequest("status must be pending, approved, denied or needs_attention");
            }
        }
        Responses.json(exchange, 200, requests.list(status).stream().map(RequestRepresentation::request).toList());
    }
}
