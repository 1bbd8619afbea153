package org.matrixregistration.web.operations;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.matrixregistration.web.DateHeader;
import org.matrixregistration.web.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health}, {@code /health/ready} and {@code /metrics} of an {@link Operations} on a listener
 * of their own (e.g. {@code 127.0.0.1:9000}, reachable by the monitoring only), so that they need
 * not be exposed or rate limited with the portal. Nothing else is served there; failures answer 500
 * without a trace.
 */
public final class OperationsServer {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsServer.class);

    private final String host;
    private final int port;
    private final HttpHandler root;
    private Undertow server;
    private int boundPort = -1;

    public OperationsServer(Operations operations, String host, int port) {
        Objects.requireNonNull(operations, "operations");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the operations port must be between 0 and 65535; got " + port);
        }
        this.port = port;
        RoutingHandler routes = new RoutingHandler(false)
                .get("/health", exchange -> Responses.text(exchange, 200, "OK"))
                .get("/health/ready", new BlockingHandler(guarded(operations.readiness())))
                .get("/metrics", new BlockingHandler(guarded(operations::scrape)))
                .setFallbackHandler(exchange -> Responses.error(exchange, 404, "M_NOT_FOUND", "Not found."))
                .setInvalidMethodHandler(exchange -> Responses.error(exchange, 405, "M_UNRECOGNIZED", "Method not allowed."));
        this.root = exchange -> {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            guarded(routes).handleRequest(exchange);
        };
    }

    private static HttpHandler guarded(HttpHandler next) {
        return exchange -> {
            try {
                next.handleRequest(exchange);
            } catch (Exception e) {
                LOG.error("Failed to serve {}", exchange.getRequestPath(), e);
                if (!exchange.isResponseStarted()) {
                    exchange.setStatusCode(500);
                    exchange.getResponseSender().send("Internal error", StandardCharsets.UTF_8);
                }
            }
        };
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). */
    public synchronized int start() {
        if (server == null) {
            Undertow candidate = Undertow.builder().addHttpListener(port, host).setIoThreads(1).setWorkerThreads(2)
                    .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                    .setHandler(new DateHeader(root)).build();
            try {
                candidate.start();
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot listen on " + host + ":" + port + " for metrics: " + e.getMessage(), e);
            }
            server = candidate;
            boundPort = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            LOG.info("Readiness and metrics on http://{}:{}/metrics", host, boundPort);
        }
        return boundPort;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
