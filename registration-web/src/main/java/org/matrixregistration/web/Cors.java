package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * The {@code allow_cors} setting, as the old tool applied it: any origin may call the public
 * endpoints ({@code Access-Control-Allow-Origin: *}, no credentials), and preflight requests are
 * answered. The admin API never gets these headers.
 */
final class Cors implements HttpHandler {
    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");

    private final HttpHandler next;

    Cors(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(ALLOW_ORIGIN, "*").put(EXPOSE_HEADERS, "Retry-After");
        next.handleRequest(exchange);
    }

    /** Answers {@code OPTIONS} for a public path that accepts {@code methods}. */
    static HttpHandler preflight(String methods) {
        return exchange -> {
            exchange.getResponseHeaders()
                    .put(ALLOW_ORIGIN, "*")
                    .put(ALLOW_METHODS, methods)
                    .put(ALLOW_HEADERS, "Accept, Accept-Language, Content-Language, Content-Type")
                    .put(MAX_AGE, "600");
            exchange.setStatusCode(204);
            exchange.endExchange();
        };
    }
}
