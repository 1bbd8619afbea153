package org.matrixregistration.web.admin;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.approval.ApprovalSignUp;
import org.matrixregistration.core.approval.RequestDecisions;
import org.matrixregistration.core.approval.RequestNotices;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.memory.InMemoryRegistrationRequests;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.WebSettings;
import org.matrixregistration.web.operations.Operations;
import org.matrixregistration.web.operations.OperationsServer;

/**
 * The portal with the admin API and the operations routes, over core's in-memory ports and a
 * clock the test moves, on a free loopback port. The portal's requests are measured into the
 * fixture's registry; the use case's and the homeserver's meters are dist's (its metering tests).
 */
final class AdminFixture implements AutoCloseable {
    static final String SECRET = "correct horse battery staple";
    static final String START = "2026-11-27T12:00:00Z";

    final MutableClock clock = MutableClock.at(START);
    final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    final InMemoryHomeserverAccounts homeserver = new InMemoryHomeserverAccounts();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final InMemoryRegistrationRequests requests = new InMemoryRegistrationRequests();
    private final RegistrationPortal portal;
    private final Optional<OperationsServer> operationsServer;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int port;
    private final String operationsBase;

    private AdminFixture(AdminApiSettings settings, List<HealthCheck> checks, Duration checkTimeout,
            boolean operationsPort, boolean approval) {
        UsernameRules usernames = UsernameRules.forServer("example.org");
        PasswordRules passwords = PasswordRules.defaults();
        RequestNotices notices = RequestNotices.none(requests);
        Optional<ApprovalSignUp> approvals = approval
                ? Optional.of(new ApprovalSignUp(requests, tokens, homeserver, notices, clock)) : Optional.empty();
        RegistrationService service = new RegistrationService(tokens, homeserver, usernames, passwords, true, clock, approvals);
        TokenAdministration administration = new TokenAdministration(tokens, WordListTokenNames.bundled(3), clock, approval);
        RequestDecisions decisions = new RequestDecisions(requests, tokens, homeserver, notices,
                RequestDecisions.DEFAULT_EXPIRY, clock);
        List<String> generous = List.of("10000 per minute");
        WebSettings web = WebSettings.builder().host("127.0.0.1").port(0).ioThreads(2).workerThreads(4)
                .rateLimits(generous).failedTokenLimits(generous).failedTokenNetworkLimits(generous)
                .failedTokenGlobalLimits(generous).shutdownGrace(Duration.ofSeconds(2)).build();
        AdminGuard guard = new AdminGuard(settings, clock);
        Operations operations = new Operations(checks, registry, checkTimeout, Optional.of(guard));
        operationsServer = operationsPort ? Optional.of(new OperationsServer(operations, "127.0.0.1", 0)) : Optional.empty();
        portal = new RegistrationPortal(service, homeserver, usernames, passwords, web,
                List.of(new AdminApi(administration, Optional.of(decisions), guard, settings, clock),
                        operationsPort ? operations.measuringOnly() : operations));
        port = portal.start();
        base = "http://127.0.0.1:" + port;
        operationsBase = operationsServer.map(server -> "http://127.0.0.1:" + server.start()).orElse(base);
    }

    /** Readiness and metrics on a port of their own, the portal's requests still measured. */
    static AdminFixture withOperationsPort() {
        return new AdminFixture(AdminApiSettings.builder().sharedSecret(SECRET).build(), List.of(), Duration.ofSeconds(5),
                true, true);
    }

    /** A request to the operations listener (the portal's own unless {@link #withOperationsPort()}). */
    HttpRequest.Builder operations(String path) {
        return HttpRequest.newBuilder(URI.create(operationsBase + path)).timeout(Duration.ofSeconds(10));
    }

    static AdminFixture start() {
        return start(UnaryOperator.identity());
    }

    static AdminFixture start(UnaryOperator<AdminApiSettings.Builder> settings) {
        return start(settings, List.of(), Duration.ofSeconds(5));
    }

    static AdminFixture start(UnaryOperator<AdminApiSettings.Builder> settings, List<HealthCheck> checks,
            Duration checkTimeout) {
        AdminApiSettings built = settings.apply(AdminApiSettings.builder()
                .sharedSecret(SECRET)
                .rateLimits(List.of("10000 per minute"))
                .version("1.2.3")).build();
        return new AdminFixture(built, checks, checkTimeout, false, true);
    }

    /** A portal without {@code homeserver_admin_token}: it cannot lock accounts, so nothing requires approval. */
    static AdminFixture withoutApproval() {
        AdminApiSettings built = AdminApiSettings.builder().sharedSecret(SECRET).rateLimits(List.of("10000 per minute"))
                .build();
        return new AdminFixture(built, List.of(), Duration.ofSeconds(5), false, false);
    }

    /** A sign-up through the JSON API of the sign-up page. */
    HttpResponse<String> signUp(String username, String token) {
        String password = "a long enough password";
        String body = "{\"username\": \"" + username + "\", \"password\": \"" + password + "\", \"confirm\": \""
                + password + "\", \"token\": \"" + token + "\"}";
        return send(request("/register").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The portal's port on 127.0.0.1, for raw connections. */
    int port() {
        return port;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    /** A request with the right secret in the old tool's scheme. */
    HttpRequest.Builder admin(String path) {
        return request(path).header("Authorization", "SharedSecret " + SECRET);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(admin(path).GET());
    }

    HttpResponse<String> post(String path, String json) {
        return send(admin(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> patch(String path, String json) {
        return send(admin(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) {
        return send(admin(path).DELETE());
    }

    @Override
    public void close() {
        portal.stop();
        operationsServer.ifPresent(OperationsServer::stop);
    }
}
