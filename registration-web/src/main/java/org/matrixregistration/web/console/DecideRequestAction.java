package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.matrixregistration.core.approval.Decision;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RequestRepresentation;
import org.matrixregistration.web.Routes;

/**
 * {@code POST /admin/requests/{id}/approve} and {@code .../deny} (with an optional {@code reason}):
 * decides through the same use case as the admin API and the CLI, then goes back to the requests
 * (303) saying what happened: done, decided already by someone else, or recorded but not yet carried
 * out by Synapse (the request then needs attention and the same button finishes it).
 */
final class DecideRequestAction implements HttpHandler {
    private final Console console;
    private final boolean approve;

    DecideRequestAction(Console console, boolean approve) {
        this.console = console;
        this.approve = approve;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<String> id = Routes.pathParameter(exchange, "id").flatMap(RequestRepresentation::id);
        String reason = approve ? "" : ConsoleRequests.field(exchange, "reason").strip();
        if (!console.approval) {
            ConsoleChrome chrome = console.chrome(exchange);
            console.pages.message(exchange, 400, chrome, "message.refused_heading", "requests.unavailable");
            return;
        }
        if (reason.length() > RegistrationRequest.MAX_REASON_LENGTH) {
            reason = reason.substring(0, RegistrationRequest.MAX_REASON_LENGTH);
        }
        Decision decision = id.isEmpty() ? new Decision.NotFound()
                : approve ? console.requests.orElseThrow().approve(id.get())
                : console.requests.orElseThrow().deny(id.get(), reason.isEmpty() ? Optional.empty() : Optional.of(reason));
        String done;
        if (decision instanceof Decision.Done) {
            done = approve ? "approved" : "denied";
        } else if (decision instanceof Decision.NotFound) {
            done = "not_found";
        } else if (decision instanceof Decision.Conflict) {
            done = "conflict";
        } else {
            done = "incomplete";
        }
        String status = decision instanceof Decision.Done ? "pending" : decision instanceof Decision.Incomplete
                ? "needs_attention" : "all";
        console.redirect(exchange, "/requests?status=" + status + "&done=" + done);
    }
}
