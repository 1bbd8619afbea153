package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.PathTemplateMatcher;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The portal's routing table, the one place where paths meet handlers. Paths are relative to
 * {@code base_url} and may hold Undertow path templates ({@code /api/token/{name}}, read with
 * {@link #pathParameter}; they are deliberately not mixed into the query parameters, where a
 * client could shadow them) or end in {@code /*}.
 *
 * <p>{@link #blocking} routes run on a worker thread and may call the homeserver or a database;
 * their request body is read whole before that, without blocking ({@link BufferedBody}), so a slow
 * client never holds a worker. {@link #nonBlocking} routes run on the I/O thread and must not block. Both are wrapped in the
 * error guard. {@code GET} routes answer {@code HEAD} too; a known path with the wrong method gets
 * 405 with {@code Allow}, an unknown path 404.
 */
public final class Routes {
    private final RoutingHandler routing = new RoutingHandler(false);
    private final PathTemplateMatcher<Set<String>> methods = new PathTemplateMatcher<>();
    private final Map<String, Set<String>> publicPaths = new LinkedHashMap<>();
    private final String basePath;
    private final ClientAddresses clients;
    private final StaticAssets assets;
    private final long maxBodyBytes;
    private final Duration bodyDeadline;

    Routes(String basePath, ClientAddresses clients, Problems problems, StaticAssets assets, long maxBodyBytes,
            Duration bodyDeadline) {
        this.basePath = basePath;
        this.clients = clients;
        this.assets = assets;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyDeadline = bodyDeadline;
        routing.setFallbackHandler(new Guard(problems::notFound));
        routing.setInvalidMethodHandler(new Guard(exchange -> {
            PathTemplateMatcher.PathMatchResult<Set<String>> match = methods.match(exchange.getRequestPath());
            if (match != null) {
                exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", match.getValue()));
            }
            Responses.error(exchange, 405, "M_UNRECOGNIZED", "Method " + exchange.getRequestMethod() + " is not allowed here.");
        }));
    }

    /** The {@code base_url} prefix every path is served under, e.g. {@code /element}, or empty. */
    public String basePath() {
        return basePath;
    }

    /** The versioned address of a bundled asset such as {@code console.css}, for pages of a route group. */
    public String assetUrl(String name) {
        return assets.url(name);
    }

    /** The address of the logo the pages show: the configured {@code client_logo}, else the bundled one. */
    public String logoUrl() {
        return assets.logoUrl();
    }

    /** The client's address, taking trusted proxies' {@code X-Forwarded-For} into account. */
    public InetAddress clientAddress(HttpServerExchange exchange) {
        return clients.of(exchange);
    }

    /** The key the client is rate limited under (see {@link ClientRateLimiter}): its address, or its IPv6 /64. */
    public String rateLimitKey(HttpServerExchange exchange) {
        return ClientAddresses.rateLimitKey(clients.of(exchange));
    }

    /** The value of a template parameter of the matched route, e.g. {@code name} in {@code /api/token/{name}}. */
    public static Optional<String> pathParameter(HttpServerExchange exchange, String name) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return match == null ? Optional.empty() : Optional.ofNullable(match.getParameters().get(name));
    }

    /** Adds a route whose handler may block; it is dispatched to a worker thread. */
    public Routes blocking(HttpString method, String path, HttpHandler handler) {
        return add(method, path, onWorker(handler));
    }

    /**
     * Adds a route whose handler may block, behind {@code protection} (a rate limit, authentication,
     * CORS) that runs on the I/O thread before the work is dispatched.
     */
    public Routes blocking(HttpString method, String path, HttpHandler handler, UnaryOperator<HttpHandler> protection) {
        return add(method, path, protection.apply(onWorker(handler)));
    }

    /** The body read first, without blocking; then a worker thread. */
    private HttpHandler onWorker(HttpHandler handler) {
        return new BufferedBody(maxBodyBytes, bodyDeadline, new BlockingHandler(new Guard(handler)));
    }

    /** Adds a route served on the I/O thread; its handler must never block. */
    public Routes nonBlocking(HttpString method, String path, HttpHandler handler) {
        return add(method, path, new Guard(handler));
    }

    /**
     * A route of the sign-up surface: {@code protection} (CORS if allowed, a rate limit) wraps it
     * and runs on the I/O thread before any dispatch.
     */
    Routes publicRoute(HttpString method, String path, boolean blocking, HttpHandler handler,
            UnaryOperator<HttpHandler> protection) {
        publicPaths.computeIfAbsent(path, p -> new TreeSet<>()).add(method.toString());
        HttpHandler guarded = blocking ? onWorker(handler) : new Guard(handler);
        return add(method, path, protection.apply(guarded));
    }

    private Routes add(HttpString method, String path, HttpHandler handler) {
        String template = basePath + path;
        routing.add(method, template, handler);
        remember(method, template);
        if (method.equals(Methods.GET)) {
            routing.add(Methods.HEAD, template, handler);
            remember(Methods.HEAD, template);
        }
        return this;
    }

    private void remember(HttpString method, String template) {
        PathTemplateMatcher.PathMatchResult<Set<String>> known = methods.match(template);
        if (known != null && known.getMatchedTemplate().equals(template)) {
            known.getValue().add(method.toString());
        } else {
            Set<String> set = new TreeSet<>();
            set.add(method.toString());
            methods.add(template, set);
        }
    }

    /** With {@code allow_cors}, answers preflight requests for every public path. */
    void allowPreflight() {
        publicPaths.forEach((path, allowed) -> {
            Set<String> withOptions = new TreeSet<>(allowed);
            withOptions.add("OPTIONS");
            if (allowed.contains("GET")) {
                withOptions.add("HEAD");
            }
            add(Methods.OPTIONS, path, Cors.preflight(String.join(", ", withOptions)));
        });
    }

    HttpHandler handler() {
        return routing;
    }
}
