package org.matrixregistration.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the web adapter needs to know from the configuration, validated on construction so
 * that a wrong value stops start-up with a message naming its key.
 *
 * <p>Keys of the Python tool keep their meaning: {@code host}, {@code port}, {@code base_url}
 * (a path prefix such as {@code /element}; normalised to start with and not end with {@code /}),
 * {@code client_redirect} (where the welcome page sends the new user; {@code http(s)} only),
 * {@code client_logo} (an image file shown on the page), {@code allow_cors} and {@code rate_limit}
 * (per client address). The others are new and have safe defaults: limits on token guesses and
 * on username availability look-ups, the proxies whose {@code X-Forwarded-For} is believed
 * (default: loopback only), request size and time limits, connections per client, thread counts
 * and the shutdown grace period.
 *
 * @param failedTokenLimits   {@code failed_token_limit}: how many guesses (sign-ups naming a token
 *                            that does not exist) one client, an IPv4 address or an IPv6 /64, may
 *                            make; stricter than {@code rateLimits} because guessing tokens is the
 *                            attack to stop
 * @param failedTokenNetworkLimits {@code failed_token_network_limit}: the same for a whole IPv6
 *                            /48, which one subscriber may hold (65,536 /64s)
 * @param failedTokenGlobalLimits  {@code failed_token_global_limit}: guesses from all clients
 *                            together, so that many addresses cannot guess many times as fast;
 *                            once spent, every sign-up waits (which token exists is never told)
 * @param requestBodyTimeout  {@code request_body_timeout}: a request's whole body must arrive
 *                            within this after its headers; it is read before a worker thread is
 *                            taken, so a slow sender holds only its connection
 * @param maxConnectionsPerClient {@code max_connections_per_client}: requests one client may have
 *                            in flight at once (its connections, or its requests through a proxy)
 * @param maxTrackedClients   how many client addresses the rate limiters remember at most
 * @param ioThreads           Undertow's I/O threads (default: 2, or 1 on one core)
 * @param workerThreads       the most worker threads for blocking work (database, homeserver);
 *                            they are started on demand and all but {@value PortalThreads#IDLE_WORKERS}
 *                            end after 30 s idle
 * @param accessLog           whether to log one line per request (logger
 *                            {@code org.matrixregistration.web.access}; secrets are redacted)
 */
public record WebSettings(
        String host,
        int port,
        String baseUrl,
        Optional<URI> clientRedirect,
        Optional<Path> clientLogo,
        boolean allowCors,
        List<RateLimit> rateLimits,
        List<RateLimit> failedTokenLimits,
        List<RateLimit> failedTokenNetworkLimits,
        List<RateLimit> failedTokenGlobalLimits,
        List<RateLimit> availabilityLimits,
        List<String> trustedProxies,
        int maxRequestBytes,
        int maxFieldChars,
        int maxTrackedClients,
        Duration requestBodyTimeout,
        int maxConnectionsPerClient,
        int ioThreads,
        int workerThreads,
        Duration shutdownGrace,
        boolean accessLog) {

    public static final List<String> DEFAULT_RATE_LIMIT = List.of("100 per day", "10 per minute");
    public static final List<String> DEFAULT_FAILED_TOKEN_LIMIT = List.of("5 per minute", "20 per day");
    public static final List<String> DEFAULT_FAILED_TOKEN_NETWORK_LIMIT = List.of("20 per minute", "100 per day");
    public static final List<String> DEFAULT_FAILED_TOKEN_GLOBAL_LIMIT = List.of("60 per minute", "1000 per day");
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 20;
    public static final List<String> DEFAULT_AVAILABILITY_LIMIT = List.of("30 per minute", "500 per day");
    public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of("127.0.0.0/8", "::1/128");
    /** The Python tool's {@code client_redirect} default: Element's web client. */
    public static final String DEFAULT_CLIENT_REDIRECT = "https://app.element.io/#/login";
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    private static final Pattern BASE_URL = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*");

    public WebSettings {
        host = Objects.requireNonNull(host, "host").strip();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535; got " + port);
        }
        baseUrl = normaliseBaseUrl(baseUrl);
        Objects.requireNonNull(clientRedirect, "clientRedirect");
        clientRedirect.ifPresent(uri -> HttpAddresses.require("client_redirect", uri, "https://app.element.io/#/login"));
        Objects.requireNonNull(clientLogo, "clientLogo");
        rateLimits = List.copyOf(rateLimits);
        failedTokenLimits = List.copyOf(failedTokenLimits);
        failedTokenNetworkLimits = List.copyOf(failedTokenNetworkLimits);
        failedTokenGlobalLimits = List.copyOf(failedTokenGlobalLimits);
        availabilityLimits = List.copyOf(availabilityLimits);
        trustedProxies = List.copyOf(trustedProxies);
        trustedProxies.forEach(AddressRange::parse);
        requireAtLeast("the largest sign-up body", maxRequestBytes, 1024);
        requireAtLeast("the longest form field", maxFieldChars, 1024);
        requireAtLeast("the number of clients the rate limiters track", maxTrackedClients, 100);
        Objects.requireNonNull(requestBodyTimeout, "requestBodyTimeout");
        if (requestBodyTimeout.compareTo(Duration.ofSeconds(1)) < 0 || requestBodyTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("request_body_timeout must be between 1 s and 5 min; got "
                    + requestBodyTimeout.toMillis() + " ms");
        }
        requireAtLeast("max_connections_per_client", maxConnectionsPerClient, 2);
        requireAtLeast("the number of I/O threads", ioThreads, 1);
        requireAtLeast("the number of worker threads", workerThreads, 1);
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown_grace must not be negative; got " + shutdownGrace);
        }
    }

    /** Settings with every default; {@code builder().build()} listens on localhost:5000 like the old tool. */
    public static Builder builder() {
        return new Builder();
    }

    /** The wildcard address that {@link #bindHost()} answers for an empty {@code host}. */
    public static final String EVERY_INTERFACE = "0.0.0.0";

    /**
     * The address to listen on: {@code host}, or every interface when it is empty, as the Python
     * tool did with {@code host: ''} (the popular Docker guide sets that). The JVM binds the IPv4
     * wildcard as a dual-stack socket wherever IPv6 is available, so IPv6 clients are served too.
     */
    public String bindHost() {
        return host.isEmpty() ? EVERY_INTERFACE : host;
    }

    /** The public address of a path of this portal, e.g. {@code /element/register}. */
    String path(String relative) {
        return baseUrl + relative;
    }

    private static String normaliseBaseUrl(String raw) {
        String value = Objects.requireNonNullElse(raw, "").strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (!value.isEmpty() && !value.startsWith("/")) {
            value = "/" + value;
        }
        if (!BASE_URL.matcher(value).matches() || value.contains("//") || value.contains("/../") || value.endsWith("/..")) {
            throw new IllegalArgumentException("base_url must be empty or a path such as '/element'; got '" + raw + "'");
        }
        return value;
    }

    private static void requireAtLeast(String what, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(what + " must be at least " + minimum + "; got " + value);
        }
    }

    /** Collects settings with defaults; {@link #build()} validates them. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 5000;
        private String baseUrl = "";
        private Optional<URI> clientRedirect = Optional.of(URI.create(DEFAULT_CLIENT_REDIRECT));
        private Optional<Path> clientLogo = Optional.empty();
        private boolean allowCors;
        private List<RateLimit> rateLimits = RateLimit.parseAll(DEFAULT_RATE_LIMIT);
        private List<RateLimit> failedTokenLimits = RateLimit.parseAll(DEFAULT_FAILED_TOKEN_LIMIT);
        private List<RateLimit> failedTokenNetworkLimits = RateLimit.parseAll(DEFAULT_FAILED_TOKEN_NETWORK_LIMIT);
        private List<RateLimit> failedTokenGlobalLimits = RateLimit.parseAll(DEFAULT_FAILED_TOKEN_GLOBAL_LIMIT);
        private List<RateLimit> availabilityLimits = RateLimit.parseAll(DEFAULT_AVAILABILITY_LIMIT);
        private List<String> trustedProxies = DEFAULT_TRUSTED_PROXIES;
        private int maxRequestBytes = 16 * 1024;
        private int maxFieldChars = 1024;
        private int maxTrackedClients = 100_000;
        private Duration requestBodyTimeout = DEFAULT_REQUEST_BODY_TIMEOUT;
        private int maxConnectionsPerClient = DEFAULT_MAX_CONNECTIONS_PER_CLIENT;
        /** Two are plenty for a portal (they only parse and write); more cores need not mean more. */
        private int ioThreads = Math.min(2, Runtime.getRuntime().availableProcessors());
        private int workerThreads = 16;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private boolean accessLog = true;

        private Builder() {}

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder baseUrl(String value) {
            baseUrl = value;
            return this;
        }

        /**
         * The {@code client_redirect} setting. An address without a scheme ({@code
         * element.example.org}, as some old configurations have it) is taken as {@code https://};
         * an empty value means no button.
         */
        public Builder clientRedirect(String value) {
            String trimmed = Objects.requireNonNullElse(value, "").strip();
            if (trimmed.isEmpty()) {
                clientRedirect = Optional.empty();
                return this;
            }
            if (!trimmed.contains("://")) {
                trimmed = "https://" + trimmed;
            }
            try {
                clientRedirect = Optional.of(new URI(trimmed));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("client_redirect is not a valid address: '" + value + "'", e);
            }
            return this;
        }

        public Builder clientLogo(Path value) {
            clientLogo = Optional.ofNullable(value);
            return this;
        }

        public Builder allowCors(boolean value) {
            allowCors = value;
            return this;
        }

        /** The {@code rate_limit} setting, e.g. {@code ["100 per day", "10 per minute"]}. */
        public Builder rateLimits(List<String> values) {
            rateLimits = RateLimit.parseAll("rate_limit", values);
            return this;
        }

        /** The {@code failed_token_limit} setting: guesses per client (IPv4 address or IPv6 /64). */
        public Builder failedTokenLimits(List<String> values) {
            failedTokenLimits = RateLimit.parseAll("failed_token_limit", values);
            return this;
        }

        /** The {@code failed_token_network_limit} setting: guesses per IPv6 /48. */
        public Builder failedTokenNetworkLimits(List<String> values) {
            failedTokenNetworkLimits = RateLimit.parseAll("failed_token_network_limit", values);
            return this;
        }

        /** The {@code failed_token_global_limit} setting: guesses from all clients together. */
        public Builder failedTokenGlobalLimits(List<String> values) {
            failedTokenGlobalLimits = RateLimit.parseAll("failed_token_global_limit", values);
            return this;
        }

        public Builder availabilityLimits(List<String> values) {
            availabilityLimits = RateLimit.parseAll("availability_limit", values);
            return this;
        }

        /** Addresses or CIDR blocks of reverse proxies whose {@code X-Forwarded-For} is believed. */
        public Builder trustedProxies(List<String> values) {
            trustedProxies = List.copyOf(values);
            return this;
        }

        public Builder maxRequestBytes(int value) {
            maxRequestBytes = value;
            return this;
        }

        public Builder maxFieldChars(int value) {
            maxFieldChars = value;
            return this;
        }

        public Builder maxTrackedClients(int value) {
            maxTrackedClients = value;
            return this;
        }

        public Builder requestBodyTimeout(Duration value) {
            requestBodyTimeout = value;
            return this;
        }

        public Builder maxConnectionsPerClient(int value) {
            maxConnectionsPerClient = value;
            return this;
        }

        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        public Builder workerThreads(int value) {
            workerThreads = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder accessLog(boolean value) {
            accessLog = value;
            return this;
        }

        public WebSettings build() {
            return new WebSettings(host, port, baseUrl, clientRedirect, clientLogo, allowCors, rateLimits,
                    failedTokenLimits, failedTokenNetworkLimits, failedTokenGlobalLimits, availabilityLimits,
                    trustedProxies, maxRequestBytes, maxFieldChars, maxTrackedClients, requestBodyTimeout,
                    maxConnectionsPerClient, ioThreads, workerThreads, shutdownGrace, accessLog);
        }
    }
}
