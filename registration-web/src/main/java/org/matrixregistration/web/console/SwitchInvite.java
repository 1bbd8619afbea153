package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import org.matrixregistration.core.admin.UpdateOutcome;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;

/**
 * {@code POST /admin/invites/{name}/disable} and {@code .../enable}: switches the invite off or on
 * again, keeping its limit, and goes back to its page (303).
 */
final class SwitchInvite implements HttpHandler {
    private final Console console;
    private final boolean disable;

    SwitchInvite(Console console, boolean disable) {
        this.console = console;
        this.disable = disable;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Optional<TokenName> name = InvitePage.name(exchange);
        Optional<InviteToken> changed = name.map(found -> console.tokens.update(found, TokenChanges.NONE.withDisabled(disable)))
                .filter(UpdateOutcome.Updated.class::isInstance).map(outcome -> ((UpdateOutcome.Updated) outcome).token());
        if (changed.isEmpty()) {
            InvitePage.notFound(console, exchange, console.chrome(exchange));
            return;
        }
        console.redirect(exchange, "/invites/" + changed.get().name().value() + "?done=" + (disable ? "disabled" : "enabled"));
    }
}
