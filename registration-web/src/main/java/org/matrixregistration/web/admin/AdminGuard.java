package org.matrixregistration.web.admin;

import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.web.ClientRateLimiter;
import org.matrixregistration.web.RateLimitStore;
import org.matrixregistration.web.Routes;

/**
 * The admin secret and the limits around it, shared by the admin API and the console so that
 * guesses count together wherever they are made: a rate limit on admin calls per client, and a
 * throttle on wrong secrets per client that refuses everything from a client that sent too many,
 * right or wrong, so that guessing learns nothing.
 */
public final class AdminGuard {
    /** Admin clients are few; this bounds the limiters' memory against address floods. */
    private static final int MAX_TRACKED_CLIENTS = 10_000;

    private final SharedSecret secret;
    private final ClientRateLimiter calls;
    private final ClientRateLimiter failures;
    private final boolean enabled;

    /** Limits kept in this process, refilled by {@code clock}. */
    public AdminGuard(AdminApiSettings settings, Clock clock) {
        this(settings, RateLimitStore.inProcess(new ClockTime(Objects.requireNonNull(clock, "clock"))));
    }

    /** @param limits where the limits keep their state; the portal's store, so that instances share them */
    public AdminGuard(AdminApiSettings settings, RateLimitStore limits) {
        Objects.requireNonNull(settings, "settings");
        this.secret = SharedSecret.of(settings);
        this.calls = limits.limiter("admin-call", settings.rateLimits(), MAX_TRACKED_CLIENTS);
        this.failures = limits.limiter("admin-secret", settings.failedAuthLimits(), MAX_TRACKED_CLIENTS);
        this.enabled = settings.enabled();
    }

    /** Whether asking the limits may block on I/O (they are shared), so not on an I/O thread. */
    public boolean blocks() {
        return calls.blocks() || failures.blocks();
    }

    /** Whether a usable secret is configured; without one nothing admin is served. */
    public boolean enabled() {
        return enabled;
    }

    /** How long the client must wait, if it sent too many calls or too many wrong secrets; takes a call. */
    public Optional<Duration> admit(Routes routes, HttpServerExchange exchange) {
        String client = routes.rateLimitKey(exchange);
        Optional<Duration> wait = calls.acquire(client);
        return wait.isPresent() ? wait : failures.check(client);
    }

    /** Whether {@code authorization} ({@code SharedSecret <secret>} or {@code Bearer <secret>}) holds the secret. */
    public boolean acceptsHeader(String authorization) {
        return secret.accepts(authorization);
    }

    /** Whether {@code presented}, as typed into the console, is the secret; compared in constant time. */
    public boolean acceptsTyped(String presented) {
        return secret.accepts(presented == null ? null : "SharedSecret " + presented);
    }

    /** Counts a wrong secret against the client. */
    public void recordFailure(Routes routes, HttpServerExchange exchange) {
        failures.record(routes.rateLimitKey(exchange));
    }
}
