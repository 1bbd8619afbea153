package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max_connections_per_client} requests in flight per client (its rate-limit key,
 * see {@link ClientAddresses#rateLimitKey}): for a client that connects directly, its busy
 * connections; behind a trusted proxy, its requests. One more is answered at once with 429,
 * {@code Retry-After: 1} and a closed connection, before any body is read or worker taken.
 *
 * <p>Why: a request whose body trickles in holds its connection and a buffer (see
 * {@link BufferedBody}); without a cap, one client could open thousands of them. The count is
 * kept only for clients with a request in flight, so it cannot grow beyond the open connections.
 */
final class ClientConcurrency implements HttpHandler {
    private final ClientAddresses clients;
    private final int max;
    private final HttpHandler next;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    ClientConcurrency(ClientAddresses clients, int max, HttpHandler next) {
        this.clients = clients;
        this.max = max;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String client = ClientAddresses.rateLimitKey(clients.of(exchange));
        if (inFlight.merge(client, 1, Integer::sum) > max) {
            release(client);
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            Responses.tooManyRequests(exchange, Duration.ofSeconds(1));
            return;
        }
        // Runs however the exchange ends: answered, timed out, or its connection closed.
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            release(client);
            nextListener.proceed();
        });
        next.handleRequest(exchange);
    }

    private void release(String client) {
        inFlight.computeIfPresent(client, (key, count) -> count == 1 ? null : count - 1);
    }

    /** Clients with a request in flight now; for tests. */
    int clientsInFlight() {
        return inFlight.size();
    }
}
