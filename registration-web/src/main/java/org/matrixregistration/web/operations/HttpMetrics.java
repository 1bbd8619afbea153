package org.matrixregistration.web.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Times every request as {@code http.server.requests} by {@code method}, {@code uri} (the route's
 * template, e.g. {@code /api/token/{name}}, so token names never become labels; {@code UNMATCHED}
 * when no route matched) and {@code status}. Labels come from small fixed sets, whatever clients send.
 */
final class HttpMetrics implements HttpHandler {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final HttpHandler next;
    /**
     * The timers met so far: at most methods x routes x statuses, all small fixed sets. Looking one
     * up here costs a hash lookup; building its id and asking the registry each time cost about a
     * tenth of a small page's answer.
     */
    private final ConcurrentMap<Labels, Timer> timers = new ConcurrentHashMap<>();

    private record Labels(String method, String uri, int status) {
    }

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
                Labels labels = new Labels(METHODS.contains(method) ? method : "OTHER",
                        match == null ? "UNMATCHED" : match.getMatchedTemplate(), done.getStatusCode());
                sample.stop(timers.computeIfAbsent(labels, this::timer));
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    private Timer timer(Labels labels) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests served by the portal")
                .tag("method", labels.method())
                .tag("uri", labels.uri())
                .tag("status", Integer.toString(labels.status()))
                .register(registry);
    }
}
