package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.matrixregistration.core.token.TokenName;

/** {@code POST /admin/invites/{name}/delete}: deletes the invite and goes to the invitations (303). */
final class DeleteInvite implements HttpHandler {
    private final Console console;

    DeleteInvite(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Optional<TokenName> name = InvitePage.name(exchange);
        if (name.isEmpty() || !console.tokens.delete(name.get())) {
            InvitePage.notFound(console, exchange, console.chrome(exchange));
            return;
        }
        console.redirect(exchange, "?done=deleted");
    }
}
