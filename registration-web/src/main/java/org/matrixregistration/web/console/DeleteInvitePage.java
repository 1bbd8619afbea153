package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;

/**
 * {@code GET /admin/invites/{name}/delete}: asks before deleting, saying what is lost (the link and
 * the record of its uses) and what stays (the accounts).
 */
final class DeleteInvitePage implements HttpHandler {
    private final Console console;
    private final InvitePage page;

    DeleteInvitePage(Console console) {
        this.console = console;
        this.page = new InvitePage(console);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ConsoleChrome chrome = console.chrome(exchange);
        Optional<InviteToken> token = page.find(exchange);
        if (token.isEmpty()) {
            InvitePage.notFound(console, exchange, chrome);
            return;
        }
        console.pages.send(exchange, 200, chrome, "delete", new ConsoleViews.ConfirmDelete(chrome,
                token.get().name().value(), ConsolePages.uses(chrome, token.get())));
    }
}
