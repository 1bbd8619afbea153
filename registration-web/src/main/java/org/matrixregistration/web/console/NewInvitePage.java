package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** {@code GET /admin/invites/new}: the form for a new invite, one use and no expiry by default. */
final class NewInvitePage implements HttpHandler {
    private final Console console;

    NewInvitePage(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ConsoleChrome chrome = console.chrome(exchange);
        console.pages.send(exchange, 200, chrome, "new",
                new ConsoleViews.NewInvite(chrome, ConsoleViews.Form.NEW, console.pages.zoneName()));
    }
}
