package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.matrixregistration.web.Routes;
import org.matrixregistration.web.admin.AdminGuard;

/**
 * {@code POST /admin/sign-in} with {@code secret}: the admin secret, compared in constant time. Right:
 * a new session and 303 to the invitations. Wrong: the form again with 401, and the wrong secret
 * counts against the client's address together with the admin API's (the gate answers 429 once
 * there were too many).
 */
final class SignIn implements HttpHandler {
    private final Console console;
    private final Routes routes;
    private final AdminGuard guard;

    SignIn(Console console, Routes routes, AdminGuard guard) {
        this.console = console;
        this.routes = routes;
        this.guard = guard;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (guard.acceptsTyped(ConsoleRequests.field(exchange, "secret"))) {
            console.sessions.start(exchange);
            console.redirect(exchange, "");
            return;
        }
        guard.recordFailure(routes, exchange);
        ConsoleChrome chrome = console.chrome(exchange);
        console.pages.send(exchange, 401, chrome, "sign-in",
                new ConsoleViews.SignIn(chrome, Optional.of(chrome.t("sign_in.wrong")), false));
    }
}
