package org.matrixregistration.web.admin;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.Routes;

/**
 * What operators and their monitoring ask: {@code GET /health/ready} (every {@link HealthCheck},
 * 200 when all are healthy, else 503; see {@link Readiness}) and {@code GET /metrics} (the registry
 * in the Prometheus text format). It also measures every HTTP request of the portal
 * ({@code http_server_requests_seconds} by method, route template and status) and binds the JVM's
 * basic meters (memory, threads, classes, CPU, uptime) to the registry.
 *
 * <p>Both routes can move to a port of their own, away from the public listener: pass
 * {@link #measuringOnly()} to the portal and serve this with an {@link OperationsServer}.
 *
 * <p>Neither route needs a secret, like {@code /health}: neither shows one. Keep {@code /metrics}
 * away from the public internet at the reverse proxy if registration counts are nobody's business.
 */
public final class Operations implements RouteGroup {
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(5);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;

    public Operations(List<HealthCheck> checks, PrometheusMeterRegistry registry) {
        this(checks, registry, DEFAULT_CHECK_TIMEOUT);
    }

    /** @param checkTimeout how long readiness waits for all checks; a check still running then is unhealthy */
    public Operations(List<HealthCheck> checks, PrometheusMeterRegistry registry, Duration checkTimeout) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readiness = new Readiness(checks, checkTimeout);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    @Override
    public void addTo(Routes routes) {
        routes.blocking(Methods.GET, "/health/ready", readiness).blocking(Methods.GET, "/metrics", this::scrape);
    }

    @Override
    public HttpHandler around(HttpHandler routes) {
        return new HttpMetrics(registry, routes);
    }

    /**
     * For serving readiness and metrics on their own port ({@link OperationsServer}): a group that
     * only measures the portal's requests and adds no routes to it.
     */
    public RouteGroup measuringOnly() {
        return new RouteGroup() {
            @Override
            public void addTo(Routes routes) {
                // readiness and metrics are served elsewhere
            }

            @Override
            public HttpHandler around(HttpHandler routes) {
                return Operations.this.around(routes);
            }
        };
    }

    HttpHandler readiness() {
        return readiness;
    }

    void scrape(HttpServerExchange exchange) {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, PROMETHEUS_TEXT)
                .put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
