package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RequestStatus;

/**
 * {@code GET /admin/requests}: the sign-ups that wait for a decision ({@code ?status=pending}, the
 * default), or those that need attention, were approved, were denied, or all; newest first. Each
 * pending request offers Approve and Deny (with an optional reason, and the warning that Synapse
 * never gives a denied Matrix ID out again); one that needs attention offers only the decision that
 * finishes it. {@code ?done=} says what the previous decision did.
 */
final class RequestsPage implements HttpHandler {
    private static final List<String> FILTERS = List.of("pending", "needs_attention", "approved", "denied", "all");

    private final Console console;

    RequestsPage(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ConsoleChrome chrome = console.chrome(exchange);
        String asked = ConsoleRequests.query(exchange, "status");
        String filter = FILTERS.contains(asked) ? asked : "pending";
        Optional<RequestStatus> status = RequestStatus.fromWireName(filter);
        List<ConsoleViews.RequestRow> rows = new ArrayList<>();
        for (RegistrationRequest request : console.requests.orElseThrow().list(status)) {
            rows.add(row(chrome, request));
        }
        List<ConsoleViews.Option> options = new ArrayList<>();
        for (String value : FILTERS) {
            options.add(new ConsoleViews.Option(value, chrome.t("request_status." + value), value.equals(filter)));
        }
        Optional<String> done = Optional.ofNullable(DONE.get(ConsoleRequests.query(exchange, "done"))).map(chrome::t);
        console.pages.send(exchange, 200, chrome, "requests",
                new ConsoleViews.Requests(chrome, rows, options, console.approval, done));
    }

    private static final Map<String, String> DONE = Map.of("approved", "done.approved", "denied", "done.denied",
            "incomplete", "done.incomplete", "conflict", "done.conflict", "not_found", "message.request_not_found");

    private ConsoleViews.RequestRow row(ConsoleChrome chrome, RegistrationRequest request) {
        String status = request.status().wireName();
        boolean pending = request.status() == RequestStatus.PENDING;
        boolean approve = console.approval && (pending || request.attention().map(what -> what.finishedBy(true)).orElse(false));
        boolean deny = console.approval && (pending || request.attention().map(what -> what.finishedBy(false)).orElse(false));
        String path = "/requests/" + request.id();
        return new ConsoleViews.RequestRow(request.id(), request.userId().toString(), request.token().value(),
                chrome.href("/invites/" + request.token().value()), console.pages.time(request.requestedAt()),
                chrome.t("request_status." + status), "badge-request-" + status.replace('_', '-'),
                request.decidedAt().map(console.pages::time).orElse("–"), request.reason().orElse(""),
                request.attention().map(what -> chrome.t(what.finishedBy(true) ? "attention.approve" : "attention.deny")),
                approve, deny, chrome.href(path + "/approve"), chrome.href(path + "/deny"));
    }
}
