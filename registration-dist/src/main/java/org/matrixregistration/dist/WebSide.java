package org.matrixregistration.dist;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.registration.RegisterAccount;
import org.matrixregistration.dist.config.PortalConfig;
import org.matrixregistration.persistence.DatabaseUrl;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.web.RateLimitStore;
import org.matrixregistration.web.PortalThreads;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.admin.AdminApi;
import org.matrixregistration.web.admin.AdminGuard;
import org.matrixregistration.web.console.AdminConsole;
import org.matrixregistration.web.operations.Operations;
import org.matrixregistration.web.operations.OperationsServer;

/**
 * The web side of {@code serve}: the rate limits' store, the admin API and the console behind one
 * guard, readiness and metrics (on the portal's port, or on their own with {@code metrics.port}),
 * and the portal that serves them all.
 */
final class WebSide {
    private final RegistrationPortal portal;
    private final Optional<OperationsServer> operationsServer;

    /** What the web side serves, already decorated (metered) as the composition root wants. */
    record UseCases(RegisterAccount registration, HomeserverAccounts homeserver, AdministerTokens administration,
            DecideRequests decisions) {}

    /**
     * @param opening the database being opened: the console's sessions are there and, on
     *                PostgreSQL, the rate limits' buckets
     * @param checks  what readiness runs
     * @param threads the portal's threads, started ahead with {@code config.web()}
     */
    WebSide(PortalConfig config, Clock clock, CompletableFuture<TokenDatabase> opening, UseCases uses,
            List<HealthCheck> checks, PrometheusMeterRegistry metrics, PortalThreads threads) {
        // On PostgreSQL every instance shares the limits' buckets; until the database is open, and
        // on SQLite, they are this process's.
        RateLimitStore limits = config.database().url().kind() == DatabaseUrl.Kind.POSTGRESQL
                ? RateLimitStore.shared(opening.thenApply(TokenDatabase::rateLimitBuckets))
                : RateLimitStore.inProcess();
        AdminGuard adminGuard = new AdminGuard(config.adminApi(), limits);
        AdminApi adminApi = new AdminApi(uses.administration(), Optional.of(uses.decisions()), adminGuard,
                config.adminApi(), clock);
        AdminConsole console = new AdminConsole(uses.administration(), Optional.of(uses.decisions()),
                new OpeningAdminSessions(opening.thenApply(TokenDatabase::adminSessions)), adminGuard, config.adminApi(), clock);
        Operations operations = new Operations(checks, metrics, adminGuard);
        operationsServer = config.metrics().port()
                .filter(port -> config.metrics().enabled())
                .map(port -> new OperationsServer(operations, config.web().bindHost(), port));
        List<RouteGroup> routeGroups = new ArrayList<>(List.of(adminApi, console));
        if (config.metrics().enabled()) {
            routeGroups.add(operationsServer.isPresent() ? operations.measuringOnly() : operations);
        }
        PortalConfig.SignUp signUp = config.signUp();
        portal = new RegistrationPortal(uses.registration(), uses.homeserver(), signUp.usernames(),
                signUp.passwords(), config.web(), routeGroups, limits, threads);
        FunctionCounter.builder("matrix_registration.untrusted_forwarded_requests", portal,
                        RegistrationPortal::untrustedForwardedRequests)
                .description("Requests with X-Forwarded-For from a peer not in trusted_proxies").register(metrics);
    }

    /** Starts serving the portal (and with it the admin API and the console). */
    void start() {
        portal.start();
    }

    /** Starts the listener of readiness and metrics, when they have a port of their own; returns its port. */
    Optional<Integer> startOperations() {
        return operationsServer.map(OperationsServer::start);
    }

    /** Finishes the requests in flight (within {@code shutdown_grace}) and stops listening. */
    void stop() {
        portal.stop();
        operationsServer.ifPresent(OperationsServer::stop);
    }
}
