package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.web.Responses;

/**
 * {@code GET /admin/invites/{name}/qr.svg} and {@code .../qr.png}: the invite link as a QR code, the
 * PNG as a download named {@code invite-NAME.png}. 404 for an unknown invite, and while
 * {@code public_url} is not set (there is no link to draw).
 */
final class QrImage implements HttpHandler {
    private final Console console;
    private final boolean png;

    QrImage(Console console, boolean png) {
        this.console = console;
        this.png = png;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Optional<TokenName> name = InvitePage.name(exchange).filter(found -> console.tokens.get(found).isPresent());
        Optional<String> link = name.flatMap(console.links::inviteUrl);
        if (link.isEmpty()) {
            InvitePage.notFound(console, exchange, console.chrome(exchange));
            return;
        }
        if (png) {
            exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION,
                    "attachment; filename=\"invite-" + name.get().value() + ".png\"");
            Responses.send(exchange, 200, "image/png", QrCodes.png(link.get()));
        } else {
            Responses.send(exchange, 200, "image/svg+xml", QrCodes.svg(link.get()).getBytes(StandardCharsets.UTF_8));
        }
    }
}
