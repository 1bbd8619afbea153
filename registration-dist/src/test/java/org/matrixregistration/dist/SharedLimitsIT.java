package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.persistence.testing.PostgresServer;
import org.matrixregistration.web.RateLimitStore;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.WebSettings;

/**
 * Two portal instances on one real PostgreSQL database, wired as the composition root wires them
 * (each its own pool, the limits in bucket4j's store in that database): a limit holds for both
 * together, not for each. Requests alternate between the instances, as a load balancer sends them.
 */
class SharedLimitsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<TokenDatabase> databases = new ArrayList<>();
    private final List<RegistrationPortal> portals = new ArrayList<>();
    private final List<String> bases = new ArrayList<>();

    @BeforeEach
    void twoInstancesOnOneDatabase() {
        DatabaseSettings settings = DatabaseSettings.forDbSetting(PostgresServer.shared().newDbSetting(), Path.of("."));
        WebSettings web = WebSettings.builder().host("127.0.0.1").port(0).ioThreads(2).workerThreads(4)
                .shutdownGrace(Duration.ofSeconds(1))
                .rateLimits(List.of("6 per minute"))
                .failedTokenLimits(List.of("3 per minute"))
                .build();
        for (int i = 0; i < 2; i++) {
            TokenDatabase database = TokenDatabase.open(settings);
            databases.add(database);
            UsernameRules usernames = UsernameRules.forServer("example.org");
            RegistrationService service = new RegistrationService(database.tokens(Clock.systemUTC()),
                    new InMemoryHomeserverAccounts(), usernames, PasswordRules.defaults(), false, Clock.systemUTC());
            RegistrationPortal portal = new RegistrationPortal(service, new InMemoryHomeserverAccounts(), usernames,
                    PasswordRules.defaults(), web, List.of(),
                    RateLimitStore.shared(CompletableFuture.completedFuture(database.rateLimitBuckets())));
            portals.add(portal);
            bases.add("http://127.0.0.1:" + portal.start());
        }
        databases.get(0).tokens(Clock.systemUTC()).add(InviteToken.fresh(new TokenName("DoubleWizardSki"),
                UsageLimit.UNLIMITED, Optional.empty(), "", Clock.systemUTC().instant()));
    }

    @AfterEach
    void stop() {
        portals.forEach(RegistrationPortal::stop);
        databases.forEach(TokenDatabase::close);
    }

    @Test
    void theSignUpRateHoldsForBothInstancesTogether() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(send(i % 2, HttpRequest.newBuilder().GET(), "/register").statusCode())
                    .as("page view %d, on instance %d", i + 1, i % 2).isEqualTo(200);
        }
        for (int instance = 0; instance < 2; instance++) {
            HttpResponse<String> limited = send(instance, HttpRequest.newBuilder().GET(), "/register");
            assertThat(limited.statusCode()).as("the 7th on instance %d", instance).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(send(0, HttpRequest.newBuilder().GET().header("X-Forwarded-For", "198.51.100.4"), "/register")
                .statusCode()).as("another client").isEqualTo(200);
    }

    @Test
    void guessesCountOnceForTheWholeDeployment() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(signUp(i % 2, "NoSuchToken").statusCode()).as("guess %d", i + 1).isEqualTo(400);
        }
        assertThat(signUp(1, "DoubleWizardSki").statusCode()).as("the fourth, on the other instance").isEqualTo(429);
        assertThat(signUp(0, "DoubleWizardSki").statusCode()).isEqualTo(429);
    }

    private HttpResponse<String> signUp(int instance, String token) throws Exception {
        return send(instance, HttpRequest.newBuilder().header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "203.0.113.50")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "username=alice&password=correct+horse&confirm=correct+horse&token=" + token)), "/register");
    }

    private HttpResponse<String> send(int instance, HttpRequest.Builder request, String path) throws Exception {
        return HTTP.send(request.uri(URI.create(bases.get(instance) + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
