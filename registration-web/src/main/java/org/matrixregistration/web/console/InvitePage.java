package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenStatus;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.web.Routes;

/**
 * {@code GET /admin/invites/{name}}: one invite: its link ({@code public_url} + {@code
 * /register?token=NAME}) with Copy and Share where the browser can, its QR code (an {@code img}
 * named "QR code") and a PNG to download, its facts, the edit form, Disable or Enable, Delete,
 * and who signed up with it and when (and from where, when {@code ip_logging} recorded it). Without
 * {@code public_url} the page explains that setting instead of guessing a host from the request.
 */
final class InvitePage implements HttpHandler {
    private final Console console;

    InvitePage(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ConsoleChrome chrome = console.chrome(exchange);
        Optional<InviteToken> token = find(exchange);
        if (token.isEmpty()) {
            notFound(console, exchange, chrome);
            return;
        }
        show(console, exchange, chrome, 200, token.get(), null,
                InviteListPage.Done.message(chrome, ConsoleRequests.query(exchange, "done")));
    }

    /** The invite the path names, if there is one. */
    Optional<InviteToken> find(HttpServerExchange exchange) {
        return name(exchange).flatMap(console.tokens::get);
    }

    static Optional<TokenName> name(HttpServerExchange exchange) {
        return Routes.pathParameter(exchange, "name").filter(TokenName::isValid).map(TokenName::new);
    }

    static void notFound(Console console, HttpServerExchange exchange, ConsoleChrome chrome) {
        console.pages.message(exchange, 404, chrome, "message.not_found_heading", "message.not_found");
    }

    /**
     * Renders the page of {@code token}; {@code form} is the edit form as typed with its problems,
     * or null for the invite's current settings.
     */
    static void show(Console console, HttpServerExchange exchange, ConsoleChrome chrome, int status, InviteToken token,
            ConsoleViews.Form form, Optional<String> done) {
        Instant now = console.clock.instant();
        TokenStatus tokenStatus = TokenStatus.of(token, now);
        List<TokenUse> uses = console.tokens.uses(token.name()).orElse(List.of());
        List<ConsoleViews.Use> useList = new ArrayList<>();
        for (TokenUse use : uses) {
            useList.add(new ConsoleViews.Use(use.userId().orElse(chrome.t("invite.user_unknown")),
                    use.usedAt().map(console.pages::time).orElse("–"), use.clientAddress()));
        }
        boolean addresses = uses.stream().anyMatch(use -> use.clientAddress().isPresent());
        ConsoleViews.Form edit = form != null ? form : new ConsoleViews.Form(Integer.toString(token.limit().maximum()),
                console.pages.expiryInput(token), token.note(), "", token.requiresApproval(), Map.of(), List.of());
        console.pages.send(exchange, status, chrome, "invite", new ConsoleViews.Invite(chrome, token.name().value(),
                console.links.inviteUrl(token.name()), ConsolePages.status(chrome, tokenStatus),
                ConsolePages.statusClass(tokenStatus), ConsolePages.uses(chrome, token),
                console.pages.expires(chrome, token), console.pages.time(token.createdAt()),
                token.note().isEmpty() ? "–" : token.note(), token.disabled(),
                chrome.t(token.requiresApproval() ? "invite.approval_yes" : "invite.approval_no"), edit, console.pages.zoneName(), useList,
                addresses, done));
    }
}
