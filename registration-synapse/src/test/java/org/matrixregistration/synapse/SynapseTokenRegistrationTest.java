package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.synapse.FakeSynapse.Reply;

/** The answers of Synapse's registration that a correctly set-up Synapse never gives, against {@link FakeSynapse}. */
class SynapseTokenRegistrationTest {
    private static final String SERVER = "example.org";
    private static final UserId ALICE = new UserId("alice", SERVER);
    private static final NewAccount ACCOUNT = new NewAccount(ALICE, "pässwörd", Optional.empty());
    private static final Reservation RESERVATION = Reservation.newFor(new TokenName("SecretToken"), ALICE, Instant.now());
    private static final String REGISTER = ClientApiRegistration.CLIENT_REGISTER;

    private FakeSynapse synapse;
    private LogLines logs;
    private final AtomicInteger counted = new AtomicInteger();

    @BeforeEach
    void startFake() throws IOException {
        synapse = new FakeSynapse();
        logs = new LogLines();
    }

    /** Whatever Synapse answered, no log line holds the password, the invite token or the admin token. */
    @AfterEach
    void stopFake() {
        synapse.close();
        logs.close();
        assertThat(logs.lines()).allSatisfy(line -> assertThat(line).doesNotContain("pässwörd", "SecretToken", "syt_admin"));
    }

    private SynapseTokenRegistration accounts() {
        InviteTokens store = (InviteTokens) Proxy.newProxyInstance(InviteTokens.class.getClassLoader(),
                new Class<?>[] {InviteTokens.class}, (proxy, method, arguments) -> {
                    counted.incrementAndGet();
                    return null;
                });
        return new SynapseTokenRegistration(SynapseSettings.of(synapse.url(), SERVER, "secret")
                .withAdminToken("syt_admin").withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(1500)), store);
    }

    private static Reply flows(String flows) {
        return Reply.json(401, "{\"session\": \"s1\", \"flows\": " + flows + ", \"params\": {}}");
    }

    @Test
    void aRegistrationThatAsksForNoTokenIsMisconfiguredAndNothingIsSent() {
        synapse.on("POST", REGISTER, flows("[{\"stages\": [\"m.login.dummy\"]}]"));

        AccountCreation made = accounts().create(ACCOUNT, RESERVATION);

        assertThat(made).isInstanceOf(AccountCreation.Misconfigured.class);
        assertThat(((AccountCreation.Misconfigured) made).reason()).contains("registration_requires_token: true");
        assertThat(synapse.requests("POST", REGISTER)).hasSize(1);
        assertThat(synapse.requests().toString()).doesNotContain("SecretToken");
    }

    @Test
    void stagesThePortalCannotCompleteAreMisconfigured() {
        synapse.on("POST", REGISTER, flows("[{\"stages\": [\"m.login.registration_token\", \"m.login.email.identity\"]}]"));

        AccountCreation made = accounts().create(ACCOUNT, RESERVATION);

        assertThat(((AccountCreation.Misconfigured) made).reason()).contains("m.login.email.identity");
    }

    @Test
    void closedRegistrationIsMisconfigured() {
        synapse.on("POST", REGISTER, Reply.error(403, "M_FORBIDDEN", "Registration has been disabled"));

        AccountCreation made = accounts().create(ACCOUNT, RESERVATION);

        assertThat(((AccountCreation.Misconfigured) made).reason()).contains("enable_registration: true");
    }

    @Test
    void rateLimitingIsPassedOnWithItsWait() {
        synapse.on("POST", REGISTER, Reply.json(429, "{\"errcode\": \"M_LIMIT_EXCEEDED\", \"retry_after_ms\": 2000}"));

        assertThat(accounts().create(ACCOUNT, RESERVATION))
                .isEqualTo(new AccountCreation.RateLimited(Optional.of(Duration.ofSeconds(2))));
    }

    @Test
    void withoutAReservationNothingIsAsked() {
        assertThat(accounts().create(ACCOUNT)).isInstanceOf(AccountCreation.Misconfigured.class);
        assertThat(synapse.requests()).isEmpty();
    }

    @Test
    void walksTheStagesAndTellsTheStoreOnceSynapseCountedTheUse() {
        AtomicInteger posts = new AtomicInteger();
        synapse.on("POST", REGISTER, request -> switch (posts.incrementAndGet()) {
            case 1 -> flows("[{\"stages\": [\"m.login.registration_token\", \"m.login.dummy\"]}]");
            case 2 -> Reply.json(401, "{\"session\": \"s1\", \"flows\": [{\"stages\": [\"m.login.registration_token\","
                    + " \"m.login.dummy\"]}], \"completed\": [\"m.login.registration_token\"]}");
            default -> Reply.json(200, "{\"user_id\": \"@alice:example.org\", \"home_server\": \"example.org\"}");
        });

        assertThat(accounts().create(ACCOUNT, RESERVATION)).isEqualTo(new AccountCreation.Created(ALICE));

        assertThat(counted).hasValue(1);
        assertThat(synapse.requests("POST", REGISTER)).extracting(FakeSynapse.Request::body)
                .satisfiesExactly(
                        first -> assertThat(first).contains("\"inhibit_login\":true").doesNotContain("auth"),
                        second -> assertThat(second).contains("\"type\":\"m.login.registration_token\"",
                                "\"token\":\"SecretToken\"", "\"session\":\"s1\""),
                        third -> assertThat(third).contains("\"type\":\"m.login.dummy\"", "\"session\":\"s1\""));
    }

    @Test
    void reportsAnAdminTokenSynapseDoesNotKnow() {
        synapse.on("GET", "/_matrix/client/versions", Reply.json(200, "{\"versions\": [\"v1.11\"]}"));
        synapse.on("GET", "/health", Reply.json(200, "OK"));
        synapse.on("GET", "/_synapse/admin/v1/registration_tokens/matrix-registration!probe",
                Reply.error(401, "M_UNKNOWN_TOKEN", "Invalid access token passed."));
        synapse.on("POST", REGISTER, flows("[{\"stages\": [\"m.login.registration_token\", \"m.login.dummy\"]}]"));

        HealthReport report = accounts().diagnose();

        assertThat(report.healthy()).isFalse();
        assertThat(report.facts()).containsEntry("admin_token", "rejected").containsEntry("registration", "requires_token");
        assertThat(report.detail()).contains("homeserver_admin_token").doesNotContain("syt_admin");
    }
}
