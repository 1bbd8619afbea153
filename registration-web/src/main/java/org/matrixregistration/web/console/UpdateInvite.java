package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.admin.UpdateOutcome;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenChanges;

/**
 * {@code POST /admin/invites/{name}} with {@code uses}, {@code expires} (empty: never), {@code note}
 * and, when approval is available, {@code approval} (absent: off): changes the invite's settings, never its use counts, and goes back to its page (303);
 * problems are shown on the page again (400).
 */
final class UpdateInvite implements HttpHandler {
    private final Console console;
    private final InvitePage page;

    UpdateInvite(Console console) {
        this.console = console;
        this.page = new InvitePage(console);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ConsoleChrome chrome = console.chrome(exchange);
        Optional<InviteToken> token = page.find(exchange);
        if (token.isEmpty()) {
            InvitePage.notFound(console, exchange, chrome);
            return;
        }
        Map<String, String> fields = ConsoleRequests.form(exchange);
        InviteForm.Read read = InviteForm.read(fields, false, chrome, console.clock, console.settings.zone());
        if (read instanceof InviteForm.Invalid invalid) {
            InvitePage.show(console, exchange, chrome, 400, token.get(), invalid.form(), Optional.empty());
            return;
        }
        InviteForm values = ((InviteForm.Valid) read).values();
        TokenChanges changes = TokenChanges.NONE.withLimit(values.limit()).withExpiry(values.expiresAt())
                .withNote(values.note());
        if (console.approval) {
            changes = changes.withRequiresApproval(values.approval());
        }
        if (console.tokens.update(token.get().name(), changes) instanceof UpdateOutcome.NotFound) {
            InvitePage.notFound(console, exchange, chrome);
            return;
        }
        console.redirect(exchange, "/invites/" + token.get().name().value() + "?done=saved");
    }
}
