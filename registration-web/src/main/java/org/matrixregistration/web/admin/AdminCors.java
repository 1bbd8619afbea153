package org.matrixregistration.web.admin;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Locale;

/**
 * CORS for the admin API, only towards the configured origins: a request from one of them gets its
 * own origin back (never {@code *}, since it carries a secret), anyone else gets no CORS headers.
 */
final class AdminCors implements HttpHandler {
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

    private final List<String> origins;
    private final HttpHandler next;

    AdminCors(List<String> origins, HttpHandler next) {
        this.origins = origins;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (allow(exchange, origins)) {
            exchange.getResponseHeaders().put(EXPOSE_HEADERS, "Link, Retry-After, X-Total-Count");
        }
        next.handleRequest(exchange);
    }

    /** Answers {@code OPTIONS} for an admin path that accepts {@code methods}. */
    static HttpHandler preflight(List<String> origins, String methods) {
        return exchange -> {
            if (allow(exchange, origins)) {
                exchange.getResponseHeaders()
                        .put(ALLOW_METHODS, methods)
                        .put(ALLOW_HEADERS, "Authorization, Content-Type")
                        .put(MAX_AGE, "600");
            }
            exchange.setStatusCode(204);
            exchange.endExchange();
        };
    }

    private static boolean allow(HttpServerExchange exchange, List<String> origins) {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.add(Headers.VARY, "Origin");
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null || !origins.contains(origin.toLowerCase(Locale.ROOT))) {
            return false;
        }
        headers.put(ALLOW_ORIGIN, origin);
        return true;
    }
}
