package org.matrixregistration.web.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.Optional;
import org.matrixregistration.web.Responses;
import org.matrixregistration.web.Routes;

/**
 * What every admin call passes before any work, on the I/O thread (a worker when the limits are
 * shared by every instance): the admin rate limit (429), the
 * failed-authentication throttle (429 for every call from an address that sent too many wrong
 * secrets, right or wrong this time, so guessing learns nothing), then the shared secret (401
 * {@code MR_BAD_SECRET} "wrong shared secret", exactly as the old tool answered).
 */
final class AdminGate implements HttpHandler {
    private final Routes routes;
    private final AdminGuard guard;
    private final HttpHandler next;

    AdminGate(Routes routes, AdminGuard guard, HttpHandler next) {
        this.routes = routes;
        this.guard = guard;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (guard.blocks() && exchange.isInIoThread()) {
            // The limits are shared by every instance; asking them may block.
            exchange.dispatch(this);
            return;
        }
        Optional<Duration> wait = guard.admit(routes, exchange);
        if (wait.isPresent()) {
            Responses.tooManyRequests(exchange, wait.get());
            return;
        }
        if (!guard.acceptsHeader(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
            guard.recordFailure(routes, exchange);
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "SharedSecret realm=\"admin\"");
            Responses.error(exchange, 401, "MR_BAD_SECRET", "wrong shared secret");
            return;
        }
        next.handleRequest(exchange);
    }
}
