package org.matrixregistration.web;

import io.github.bucket4j.TimeMeter;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.registration.RegisterAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web adapter: an Undertow server with the registration page and the sign-up endpoint.
 *
 * <p>Routes, all under {@code base_url}: {@code GET /register} (the form; {@code ?token=},
 * {@code ?lang=}), {@code POST /register} (sign up; form or JSON, answered with a page or JSON),
 * {@code GET /register/available} (a username hint for the script), {@code GET /static/*},
 * {@code GET /health} ({@code OK}, never rate limited), and {@code GET /} redirecting to the form.
 * {@link RouteGroup}s add more routes to the same table.
 *
 * <p>Every response carries the security headers of {@link SecurityHeaders}; the sign-up routes
 * are rate limited per client address (see {@link WebSettings}); failures never show a stack
 * trace. The constructor checks everything that can be checked before binding (the logo file,
 * the templates), so a bad setting fails at start-up rather than on the first request.
 */
public final class RegistrationPortal {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationPortal.class);
    /** A backstop for every route; the sign-up enforces the smaller {@code max_request_bytes} itself. */
    private static final long MAX_ANY_BODY = 1024 * 1024;
    /**
     * The largest body any route reads (the admin API's), buffered before a worker is taken; each
     * route checks its own smaller limit.
     */
    static final int MAX_BUFFERED_BODY = 64 * 1024;
    /** How long stopping waits for worker threads once the grace period is over. */
    static final Duration FINAL_STOP = Duration.ofSeconds(2);

    private final WebSettings settings;
    private final ClientAddresses clients;
    private final GracefulShutdownHandler root;
    /** Threads made ahead for the next {@link #start}, if any; else it makes its own. */
    private PortalThreads nextThreads;
    private PortalThreads threads;
    private Undertow server;
    private int port = -1;

    public RegistrationPortal(RegisterAccount registration, HomeserverAccounts homeserver, UsernameRules usernames,
            PasswordRules passwords, WebSettings settings) {
        this(registration, homeserver, usernames, passwords, settings, List.of());
    }

    /** @param extensions more routes for the same server, e.g. the admin API */
    public RegistrationPortal(RegisterAccount registration, HomeserverAccounts homeserver, UsernameRules usernames,
            PasswordRules passwords, WebSettings settings, List<RouteGroup> extensions) {
        this(registration, homeserver, usernames, passwords, settings, extensions, RateLimitStore.inProcess());
    }

    RegistrationPortal(RegisterAccount registration, HomeserverAccounts homeserver, UsernameRules usernames,
            PasswordRules passwords, WebSettings settings, List<RouteGroup> extensions, TimeMeter time) {
        this(registration, homeserver, usernames, passwords, settings, extensions, RateLimitStore.inProcess(time));
    }

    /**
     * @param limits where the rate limits keep their state: in this process, or shared by every
     *               instance (give the admin API's {@code AdminGuard} the same store)
     */
    public RegistrationPortal(RegisterAccount registration, HomeserverAccounts homeserver, UsernameRules usernames,
            PasswordRules passwords, WebSettings settings, List<RouteGroup> extensions, RateLimitStore limits) {
        this(registration, homeserver, usernames, passwords, settings, extensions, limits, null);
    }

    /**
     * @param threads the threads to serve with, started ahead with the same settings (see
     *                {@link PortalThreads}); the portal stops them when it stops
     */
    public RegistrationPortal(RegisterAccount registration, HomeserverAccounts homeserver, UsernameRules usernames,
            PasswordRules passwords, WebSettings settings, List<RouteGroup> extensions, RateLimitStore limits,
            PortalThreads threads) {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(homeserver, "homeserver");
        this.settings = Objects.requireNonNull(settings, "settings");

        ClientAddresses clients = new ClientAddresses(settings.trustedProxies());
        this.clients = clients;
        StaticAssets assets = new StaticAssets(settings.baseUrl(), settings.clientLogo());
        Pages pages = new Pages(assets, settings, usernames.serverName(), passwords);
        Problems problems = new Problems(pages);
        int tracked = settings.maxTrackedClients();
        ClientRateLimiter signUps = limits.limiter("sign-up", settings.rateLimits(), tracked);
        TokenGuesses guesses = new TokenGuesses(limits.limiter("guess", settings.failedTokenLimits(), tracked),
                limits.limiter("guess48", settings.failedTokenNetworkLimits(), tracked),
                limits.limiter("guess-all", settings.failedTokenGlobalLimits(), 1));
        ClientRateLimiter lookUps = limits.limiter("look-up", settings.availabilityLimits(), tracked);

        UnaryOperator<HttpHandler> cors = settings.allowCors() ? Cors::new : UnaryOperator.identity();
        UnaryOperator<HttpHandler> signUpLimit = h -> cors.apply(new RateLimited(signUps, clients, problems, h));
        UnaryOperator<HttpHandler> lookUpLimit = h -> cors.apply(new RateLimited(lookUps, clients, problems, h));
        RequestBodies bodies = new RequestBodies(settings.maxRequestBytes(), settings.maxFieldChars());

        Routes routes = new Routes(settings.baseUrl(), clients, problems, assets,
                Math.max(MAX_BUFFERED_BODY, settings.maxRequestBytes()), settings.requestBodyTimeout());
        routes.publicRoute(Methods.GET, "/register", false, new RegisterPage(pages), signUpLimit)
                .publicRoute(Methods.POST, "/register", true,
                        new RegisterSubmit(registration, bodies, clients, guesses, pages, problems), signUpLimit)
                .publicRoute(Methods.GET, "/register/available", true, new AvailabilityCheck(usernames, homeserver),
                        lookUpLimit)
                .publicRoute(Methods.GET, "/static/*", false, assets, cors)
                .nonBlocking(Methods.GET, "/health", exchange -> Responses.text(exchange, StatusCodes.OK, "OK"))
                .nonBlocking(Methods.GET, "/", toForm(pages))
                .nonBlocking(Methods.GET, "/register/", toForm(pages));
        if (!settings.baseUrl().isEmpty()) {
            routes.nonBlocking(Methods.GET, "", toForm(pages));
        }
        extensions.forEach(group -> group.addTo(routes));
        if (settings.allowCors()) {
            routes.allowPreflight();
        }

        HttpHandler table = routes.handler();
        for (RouteGroup group : extensions) {
            table = group.around(table);
        }
        HttpHandler chain = new SecurityHeaders(new ClientConcurrency(clients, settings.maxConnectionsPerClient(), table));
        if (settings.accessLog()) {
            chain = new AccessLog(chain, clients);
        }
        this.root = new GracefulShutdownHandler(new Guard(chain));
        this.nextThreads = threads;
    }

    /** {@code GET /} and friends: 302 to the form, keeping the query (so {@code /?token=X} still works). */
    private static HttpHandler toForm(Pages pages) {
        return exchange -> {
            String query = exchange.getQueryString();
            exchange.getResponseHeaders().put(Headers.LOCATION,
                    pages.registerPath() + (query == null || query.isEmpty() ? "" : "?" + query));
            exchange.setStatusCode(StatusCodes.FOUND);
            exchange.endExchange();
        };
    }

    /**
     * Binds and starts serving; returns the bound port (useful with port 0). Throws if the
     * address cannot be bound.
     */
    public synchronized int start() {
        if (server != null) {
            return port;
        }
        PortalThreads starting = nextThreads != null ? nextThreads : PortalThreads.start(settings);
        nextThreads = null;
        Undertow candidate;
        try {
            candidate = Undertow.builder()
                    .addHttpListener(settings.port(), settings.bindHost())
                    .setWorker(starting.worker())
                    .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_ANY_BODY)
                    .setServerOption(UndertowOptions.MULTIPART_MAX_ENTITY_SIZE, (long) settings.maxRequestBytes())
                    .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 32 * 1024)
                    .setServerOption(UndertowOptions.MAX_HEADERS, 100)
                    .setServerOption(UndertowOptions.MAX_PARAMETERS, 100)
                    .setServerOption(UndertowOptions.MAX_COOKIES, 50)
                    .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                    .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                    .setServerOption(UndertowOptions.IDLE_TIMEOUT, 30_000)
                    .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                    .setHandler(new DateHeader(root))
                    .build();
            candidate.start();
        } catch (RuntimeException e) {
            starting.close();
            throw new IllegalStateException("Cannot listen on " + settings.bindHost() + ":" + settings.port()
                    + " (host, port): " + e.getMessage(), e);
        }
        root.start();
        threads = starting;
        server = candidate;
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        LOG.info("Registration portal listening on http://{}:{}{}/register", settings.bindHost(), port, settings.baseUrl());
        return port;
    }

    /**
     * How many requests carried {@code X-Forwarded-For} from a peer that is not in
     * {@code trusted_proxies} (the first is logged as a warning): the sign of a reverse proxy
     * missing from that list, which makes all its clients one to the rate limits.
     */
    public long untrustedForwardedRequests() {
        return clients.untrustedForwards();
    }

    /** The bound port while running, else -1. */
    public synchronized int port() {
        return server == null ? -1 : port;
    }

    /**
     * Stops gracefully and in bounded time: answers every new request with 503, waits up to the
     * shutdown grace period for the requests in flight to finish, then closes the listener and every
     * connection, and interrupts worker threads still busy {@link #FINAL_STOP} later.
     * (Undertow's listener suspension is not used: it closes open connections, requests in flight
     * included.)
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        root.shutdown();
        try {
            if (!root.awaitShutdown(settings.shutdownGrace().toMillis())) {
                LOG.warn("Stopping with requests still in flight after {}", settings.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        server = null;
        // After the grace period, worker threads get this long and are then interrupted: a thread
        // stuck on a dead connection would otherwise keep the process from ending.
        threads.stop(FINAL_STOP);
        threads = null;
        LOG.info("Registration portal stopped");
    }
}
