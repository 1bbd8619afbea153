package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.matrixregistration.web.Responses;
import org.matrixregistration.web.Routes;
import org.matrixregistration.web.admin.AdminGuard;

/**
 * What every console request passes, on a worker thread, before its handler: the admin rate limit
 * and the wrong-secret throttle shared with the admin API (429); for a POST, a refusal of requests
 * from other sites (403); for pages behind sign-in, a session that has not ended (else a redirect
 * to the sign-in page) and, for a POST, the session's form token (403, nothing changed).
 */
final class ConsoleGate implements HttpHandler {
    private final Console console;
    private final Routes routes;
    private final AdminGuard guard;
    private final boolean needsSignIn;
    private final HttpHandler next;

    ConsoleGate(Console console, Routes routes, AdminGuard guard, boolean needsSignIn, HttpHandler next) {
        this.console = console;
        this.routes = routes;
        this.guard = guard;
        this.needsSignIn = needsSignIn;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<Duration> wait = guard.admit(routes, exchange);
        if (wait.isPresent()) {
            Responses.retryAfter(exchange, wait.get());
            console.pages.message(exchange, 429, console.chrome(exchange), "message.throttled_heading",
                    "message.throttled");
            return;
        }
        boolean post = exchange.getRequestMethod().equals(Methods.POST);
        if (post && ConsoleRequests.crossSite(exchange, console.settings.publicUrl())) {
            console.pages.message(exchange, 403, console.chrome(exchange), "message.refused_heading", "message.cross_site");
            return;
        }
        if (post) {
            try {
                ConsoleRequests.form(exchange);
            } catch (IOException tooLargeOrBroken) {
                console.pages.message(exchange, 400, console.chrome(exchange), "message.refused_heading",
                        "message.bad_form");
                return;
            }
        }
        if (needsSignIn) {
            Optional<SignedIn> admin = console.sessions.current(exchange);
            if (admin.isEmpty()) {
                console.redirect(exchange, "/sign-in");
                return;
            }
            if (post && !SessionCookies.csrfMatches(admin.get(), ConsoleRequests.field(exchange, "csrf"))) {
                console.pages.message(exchange, 403, console.pages.chrome(exchange, admin), "message.refused_heading",
                        "message.csrf");
                return;
            }
            exchange.putAttachment(SignedIn.KEY, admin.get());
        }
        next.handleRequest(exchange);
    }
}
