package org.matrixregistration.web.operations;

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
import java.util.Optional;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.web.Responses;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.Routes;
import org.matrixregistration.web.admin.AdminGuard;

/**
 * What operators and their monitoring ask: {@code GET /health/ready} (every {@link HealthCheck},
 * 200 when all are healthy, else 503; see {@link Readiness}) and {@code GET /metrics} (the registry
 * in the Prometheus text format). It also measures every HTTP request of the portal
 * ({@code http_server_requests_seconds} by method, route template and status) and, with the
 * first scrape, binds the JVM's basic meters (memory, threads, classes, CPU, uptime) to the registry.
 *
 * <p>On the portal's public port, readiness answers status only ({@code {"ready": bool}}, cached a
 * few seconds) unless the request carries the admin secret ({@code Authorization: SharedSecret
 * ...}, checked and throttled by the {@link AdminGuard} shared with the admin API; a wrong one is
 * 401): the details name the homeserver's address and version and the database, and a full run
 * costs a query and several homeserver requests. On a port of their own ({@link #measuringOnly()}
 * given to the portal, this served by an {@link OperationsServer}) both routes show everything:
 * that port is for the monitoring only.
 *
 * <p>{@code /metrics} needs no secret, like {@code /health}: it shows none. Keep it away from the
 * public internet at the reverse proxy, or on its own port, if registration counts are nobody's
 * business.
 */
public final class Operations implements RouteGroup {
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(5);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;
    private final Optional<AdminGuard> admins;
    private volatile boolean jvmMetersBound;

    /** Readiness shows its details on the public port to no one. */
    public Operations(List<HealthCheck> checks, PrometheusMeterRegistry registry) {
        this(checks, registry, DEFAULT_CHECK_TIMEOUT, Optional.empty());
    }

    /** @param admins whose secret shows readiness's details on the public port */
    public Operations(List<HealthCheck> checks, PrometheusMeterRegistry registry, AdminGuard admins) {
        this(checks, registry, DEFAULT_CHECK_TIMEOUT, Optional.of(admins));
    }

    /**
     * @param checkTimeout how long readiness waits for all checks; a check still running then is unhealthy
     * @param admins       whose secret shows readiness's details on the public port, if anyone's
     */
    public Operations(List<HealthCheck> checks, PrometheusMeterRegistry registry, Duration checkTimeout,
            Optional<AdminGuard> admins) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.admins = Objects.requireNonNull(admins, "admins");
        this.readiness = new Readiness(checks, checkTimeout);
    }

    /**
     * The JVM's meters are bound with the first scrape rather than at start-up: they are gauges read
     * at each scrape anyway, and binding them looks up the JVM's management beans, about 10 ms of
     * a start interpreted.
     */
    private void bindJvmMeters() {
        if (jvmMetersBound) {
            return;
        }
        synchronized (this) {
            if (!jvmMetersBound) {
                new JvmMemoryMetrics().bindTo(registry);
                new JvmThreadMetrics().bindTo(registry);
                new ClassLoaderMetrics().bindTo(registry);
                new ProcessorMetrics().bindTo(registry);
                new UptimeMetrics().bindTo(registry);
                jvmMetersBound = true;
            }
        }
    }

    @Override
    public void addTo(Routes routes) {
        routes.blocking(Methods.GET, "/health/ready", exchange -> publicReadiness(routes, exchange))
                .blocking(Methods.GET, "/metrics", this::scrape);
    }

    /**
     * Status only, or the details for a request with the admin secret; a wrong secret counts
     * against the client like one sent to the admin API, and gets 401.
     */
    private void publicReadiness(Routes routes, HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization == null || admins.isEmpty() || !admins.get().enabled()) {
            readiness.status(exchange);
            return;
        }
        AdminGuard guard = admins.get();
        Optional<Duration> wait = guard.admit(routes, exchange);
        if (wait.isPresent()) {
            Responses.tooManyRequests(exchange, wait.get());
        } else if (guard.acceptsHeader(authorization)) {
            readiness.handleRequest(exchange);
        } else {
            guard.recordFailure(routes, exchange);
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "SharedSecret realm=\"admin\"");
            Responses.error(exchange, 401, "MR_BAD_SECRET", "wrong shared secret");
        }
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
        bindJvmMeters();
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, PROMETHEUS_TEXT)
                .put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
