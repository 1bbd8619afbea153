package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/** {@code GET /admin/sign-in}: the sign-in form; a signed-in admin goes on to the invitations. */
final class SignInPage implements HttpHandler {
    private final Console console;

    SignInPage(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (console.sessions.current(exchange).isPresent()) {
            console.redirect(exchange, "");
            return;
        }
        ConsoleChrome chrome = console.chrome(exchange);
        console.pages.send(exchange, 200, chrome, "sign-in", new ConsoleViews.SignIn(chrome, Optional.empty(), false));
    }
}
