package org.matrixregistration.web.console;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.time.Clock;
import java.util.Optional;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenRepresentation;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.web.Routes;
import org.matrixregistration.web.admin.AdminApiSettings;
import org.matrixregistration.web.admin.AdminGuard;

/**
 * What the console's handlers share: the use case, the pages, the sessions, the settings, and the
 * portal's routes (for the client a request counts against) and the admin guard shared with the API.
 */
final class Console {
    final AdministerTokens tokens;
    final ConsolePages pages;
    final SessionCookies sessions;
    final AdminApiSettings settings;
    final TokenRepresentation links;
    final Clock clock;
    final Optional<DecideRequests> requests;
    final Routes routes;
    final AdminGuard guard;
    /** Whether invites may require approval: the portal can lock accounts. */
    final boolean approval;

    Console(AdministerTokens tokens, Optional<DecideRequests> requests, ConsolePages pages, SessionCookies sessions,
            AdminApiSettings settings, Clock clock, Routes routes, AdminGuard guard) {
        this.tokens = tokens;
        this.requests = requests;
        this.approval = requests.isPresent() && tokens.approvalAvailable();
        this.pages = pages;
        this.sessions = sessions;
        this.settings = settings;
        this.links = new TokenRepresentation(settings.zone(), settings.publicUrl());
        this.clock = clock;
        this.routes = routes;
        this.guard = guard;
    }

    /** The signed-in admin; the gate put it there before any handler that needs one runs. */
    static SignedIn admin(HttpServerExchange exchange) {
        return exchange.getAttachment(SignedIn.KEY);
    }

    ConsoleChrome chrome(HttpServerExchange exchange) {
        return pages.chrome(exchange, Optional.ofNullable(exchange.getAttachment(SignedIn.KEY)));
    }

    /** Post-redirect-get: 303 to a console path, with what was done for the next page to say. */
    void redirect(HttpServerExchange exchange, String consolePath) {
        exchange.getResponseHeaders().put(Headers.LOCATION, pages.chrome(exchange, Optional.empty()).href(consolePath));
        exchange.setStatusCode(StatusCodes.SEE_OTHER);
        exchange.endExchange();
    }
}
