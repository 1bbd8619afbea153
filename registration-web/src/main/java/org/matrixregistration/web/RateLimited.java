package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Optional;

/**
 * Lets a request through only if its client has allowance left under {@code limiter}; otherwise
 * answers 429 with {@code Retry-After}. Runs on the I/O thread, before any work is dispatched,
 * unless the limiter's buckets are shared by every instance: asking them may block, so then it
 * moves to a worker thread first.
 */
final class RateLimited implements HttpHandler {
    private final ClientRateLimiter limiter;
    private final ClientAddresses clients;
    private final Problems problems;
    private final HttpHandler next;

    RateLimited(ClientRateLimiter limiter, ClientAddresses clients, Problems problems, HttpHandler next) {
        this.limiter = limiter;
        this.clients = clients;
        this.problems = problems;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (limiter.blocks() && exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        Optional<Duration> wait = limiter.acquire(ClientAddresses.rateLimitKey(clients.of(exchange)));
        if (wait.isPresent()) {
            problems.tooManyRequests(exchange, wait.get());
            return;
        }
        next.handleRequest(exchange);
    }
}
