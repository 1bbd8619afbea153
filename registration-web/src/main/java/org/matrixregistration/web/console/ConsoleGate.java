package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.matrixregistration.web.Responses;

/**
 * What every console request passes, on a worker thread, before its handler: the admin rate limit
 * and the wrong-secret throttle shared with the admin API (429); for a POST, a refusal of requests
 * from other sites (403); for pages behind sign-in, a session that has not ended (else a redirect
 * to the sign-in page) and, for a POST, the session's form token (403, nothing changed).
 */
final class ConsoleGate implements HttpHandler {
    private final Console console;
    private final boolean needsSignIn;
    private final HttpHandler next;

    ConsoleGate(Console console, boolean needsSignIn, HttpHandler next) {
        this.console = console;
        this.needsSignIn = needsSignIn;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<Duration> wait = console.guard.admit(console.routes, exchange);
        if (wait.isPresent()) {
            Responses.retryAfter(exchange, wait.get());
            console.pages.message(exchange, 429, console.chrome(exchange), "message.throttled_heading",
                    "message.throttled");
            return;
        }
        boolean post = exchange.getRequestMethod().equals(Methods.POST);
        if (post && ConsoleRequests.crossSite(exchange, console.settings.publicUrl())) {
            refuse(exchange, 403, "message.cross_site");
            return;
        }
        if (post) {
            try {
                ConsoleRequests.form(exchange);
            } catch (IOException tooLargeOrBroken) {
                refuse(exchange, 400, "message.bad_form");
                return;
            }
        }
        if (needsSignIn) {
            Optional<SignedIn> admin = console.sessions.current(exchange);
            if (admin.isEmpty()) {
                console.redirect(exchange, "/sign-in");
                return;
            }
            exchange.putAttachment(SignedIn.KEY, admin.get());
            if (post && !SessionCookies.csrfMatches(admin.get(), ConsoleRequests.field(exchange, "csrf"))) {
                refuse(exchange, 403, "message.csrf");
                return;
            }
        }
        next.handleRequest(exchange);
    }

    /** A page saying the request was refused, and why, shown to the admin as far as the gate knows them yet. */
    private void refuse(HttpServerExchange exchange, int status, String messageKey) {
        console.pages.message(exchange, status, console.chrome(exchange), "message.refused_heading", messageKey);
    }
}
