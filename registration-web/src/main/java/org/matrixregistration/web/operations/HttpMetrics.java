package org.matrixregistration.web.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.util.Set;

/**
 * Times every request as {@code http.server.requests} by {@code method}, {@code uri} (the route's
 * template, e.g. {@code /api/token/{name}}, so token names never become labels; {@code UNMATCHED}
 * when no route matched) and {@code status}. Labels come from small fixed sets, whatever clients send.
 */
final class HttpMetrics implements HttpHandler {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final HttpHandler next;

    HttpMetrics(MeterRegistry registry, HttpHandler next) {
        this.registry = registry;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Timer.Sample sample = Timer.start(registry);
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                String method = done.getRequestMethod().toString();
                PathTemplateMatch match = done.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
                sample.stop(Timer.builder("http.server.requests")
                        .description("HTTP requests served by the portal")
                        .tag("method", METHODS.contains(method) ? method : "OTHER")
                        .tag("uri", match == null ? "UNMATCHED" : match.getMatchedTemplate())
                        .tag("status", Integer.toString(done.getStatusCode()))
                        .register(registry));
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
