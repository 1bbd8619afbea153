package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * {@code POST /admin/sign-in} with {@code secret}: the admin secret, compared in constant time. Right:
 * a new session and 303 to the invitations. Wrong: the form again with 401, and the wrong secret
 * counts against the client's address together with the admin API's (the gate answers 429 once
 * there were too many).
 */
final class SignIn implements HttpHandler {
    private final Console console;

    SignIn(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (console.guard.acceptsTyped(ConsoleRequests.field(exchange, "secret"))) {
            console.sessions.start(exchange);
            console.redirect(exchange, "");
            return;
        }
        console.guard.recordFailure(console.routes, exchange);
        ConsoleChrome chrome = console.chrome(exchange);
        console.pages.send(exchange, 401, chrome, "sign-in",
                new ConsoleViews.SignIn(chrome, Optional.of(chrome.t("sign_in.wrong")), false));
    }
}
