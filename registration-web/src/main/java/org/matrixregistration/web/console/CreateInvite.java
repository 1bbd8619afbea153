package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.NewToken;

/**
 * {@code POST /admin/invites} with {@code uses}, {@code expires}, {@code note}, an optional
 * {@code name} and, when approval is available, {@code approval}: creates the invite through the same use case as the API and the CLI and goes on to
 * its page (303); problems are shown on the form again (400), every one at once.
 */
final class CreateInvite implements HttpHandler {
    private final Console console;

    CreateInvite(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ConsoleChrome chrome = console.chrome(exchange);
        Map<String, String> fields = ConsoleRequests.form(exchange);
        InviteForm.Read read = InviteForm.read(fields, true, chrome, console.clock, console.settings.zone());
        if (read instanceof InviteForm.Invalid invalid) {
            show(exchange, chrome, invalid.form());
            return;
        }
        InviteForm values = ((InviteForm.Valid) read).values();
        CreateOutcome outcome = console.tokens.create(new NewToken(values.name(), values.limit(), values.expiresAt(),
                values.note(), values.approval() && console.approval));
        if (outcome instanceof CreateOutcome.Created created) {
            console.redirect(exchange, "/invites/" + created.token().name().value() + "?done=created");
        } else if (outcome instanceof CreateOutcome.NameTaken) {
            show(exchange, chrome, InviteForm.typed(fields, true, Map.of("name", chrome.t("error.name_taken"))));
        } else if (outcome instanceof CreateOutcome.ApprovalUnavailable) {
            show(exchange, chrome, InviteForm.typed(fields, true, Map.of("approval", chrome.t("error.approval_unavailable"))));
        } else {
            show(exchange, chrome, InviteForm.typed(fields, true, Map.of("expires", chrome.t("error.expired"))));
        }
    }

    private void show(HttpServerExchange exchange, ConsoleChrome chrome, ConsoleViews.Form form) {
        console.pages.send(exchange, 400, chrome, "new",
                new ConsoleViews.NewInvite(chrome, form, console.pages.zoneName()));
    }
}
