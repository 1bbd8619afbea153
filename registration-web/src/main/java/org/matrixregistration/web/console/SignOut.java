package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code POST /admin/sign-out}: ends the session everywhere and goes to the sign-in page. */
final class SignOut implements HttpHandler {
    private final Console console;

    SignOut(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        console.sessions.end(exchange, Console.admin(exchange));
        console.redirect(exchange, "/sign-in");
    }
}
