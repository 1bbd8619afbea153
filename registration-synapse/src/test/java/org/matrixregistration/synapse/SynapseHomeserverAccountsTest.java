package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.synapse.FakeSynapse.Reply;
import org.matrixregistration.synapse.SynapseDiagnosis.SharedSecret;

/** The mappings that a real Synapse rarely shows, against {@link FakeSynapse}. */
class SynapseHomeserverAccountsTest {
    private static final String SECRET = "shäred-secret";
    private static final String PASSWORD = "pässwörd €";
    private static final String ADMIN_TOKEN = "syt_admin_token_value";
    private static final String SERVER = "example.org";
    private static final UserId ALICE = new UserId("alice", SERVER);
    private static final NewAccount ALICE_ACCOUNT = new NewAccount(ALICE, PASSWORD, Optional.empty());
    /** Generous, so that a loaded CI machine never times out a request the test meant to succeed. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);
    private static final Reply TOO_LATE = Reply.json(200, "{}").after(REQUEST_TIMEOUT.multipliedBy(4));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private LogLines logs;
    private FakeSynapse synapse;

    @BeforeEach
    void startFake() throws IOException {
        synapse = new FakeSynapse();
        logs = new LogLines();
    }

    @AfterEach
    void stopFake() {
        synapse.close();
        logs.close();
        assertThat(logs.lines())
                .allSatisfy(line -> assertThat(line).doesNotContain(SECRET, PASSWORD, ADMIN_TOKEN, "access_secret"));
    }

    private SynapseSettings settings(String baseUrl) {
        return SynapseSettings.of(baseUrl, SERVER, SECRET).withTimeouts(Duration.ofSeconds(1), REQUEST_TIMEOUT);
    }

    private SynapseHomeserverAccounts accounts() {
        return new SynapseHomeserverAccounts(settings(synapse.url()), clock);
    }

    private SynapseHomeserverAccounts accountsWithAdminToken() {
        return new SynapseHomeserverAccounts(settings(synapse.url()).withAdminToken(ADMIN_TOKEN), clock);
    }

    private static Reply created(String userId) {
        return Reply.json(200, "{\"user_id\": \"" + userId + "\", \"home_server\": \"" + SERVER + "\"}");
    }

    @Nested
    class Creating {
        @Test
        void signsEachRegistrationWithAFreshNonceAsANonAdminWithoutLogin() throws IOException {
            synapse.on("POST", SharedSecretRegistration.REGISTER, created("@alice:example.org"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isEqualTo(new AccountCreation.Created(ALICE));
            accounts().create(new NewAccount(ALICE, PASSWORD, Optional.of("Alice A.")));

            List<FakeSynapse.Request> posts = synapse.requests("POST", SharedSecretRegistration.REGISTER);
            assertThat(synapse.requests("GET", SharedSecretRegistration.REGISTER)).hasSize(2);
            JsonNode first = JSON.readTree(posts.get(0).body());
            JsonNode second = JSON.readTree(posts.get(1).body());
            assertThat(first.path("nonce").asText()).isEqualTo("nonce-1");
            assertThat(second.path("nonce").asText()).isEqualTo("nonce-2");
            assertThat(first.path("username").asText()).isEqualTo("alice");
            assertThat(first.path("password").asText()).isEqualTo(PASSWORD);
            assertThat(first.path("admin").isBoolean()).isTrue();
            assertThat(first.path("admin").asBoolean()).isFalse();
            assertThat(first.path("inhibit_login").asBoolean()).isTrue();
            assertThat(first.has("displayname")).isFalse();
            assertThat(second.path("displayname").asText()).isEqualTo("Alice A.");
            assertThat(first.path("mac").asText())
                    .isEqualTo(new RegistrationMac(SECRET).sign("nonce-1", "alice", PASSWORD, false))
                    .isNotEqualTo(second.path("mac").asText());
        }

        @Test
        void sendsTheMacSynapseComputesForAKnownNonce() throws IOException {
            synapse.on("GET", SharedSecretRegistration.REGISTER, Reply.json(200, "{\"nonce\": \"abc123nonce\"}"));
            synapse.on("POST", SharedSecretRegistration.REGISTER, created("@alice:example.org"));

            accounts().create(ALICE_ACCOUNT);

            String body = synapse.requests("POST", SharedSecretRegistration.REGISTER).get(0).body();
            assertThat(JSON.readTree(body).path("mac").asText()).isEqualTo(RegistrationMacTest.PYTHON_MAC);
        }

        @Test
        void reportsTheUserIdSynapseCreated() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, created("@alice:other.example"));

            assertThat(accounts().create(ALICE_ACCOUNT))
                    .isEqualTo(new AccountCreation.Created(new UserId("alice", "other.example")));
        }

        @Test
        void logsOutASessionThatSynapseOpenedDespiteInhibitLogin() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.json(200,
                    "{\"user_id\": \"@alice:example.org\", \"access_token\": \"access_secret\", \"device_id\": \"DEV\"}"));
            synapse.on("POST", SharedSecretRegistration.LOGOUT, Reply.json(200, "{}"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isEqualTo(new AccountCreation.Created(ALICE));
            assertThat(synapse.requests("POST", SharedSecretRegistration.LOGOUT))
                    .singleElement()
                    .satisfies(logout -> assertThat(logout.authorization()).contains("Bearer access_secret"));
        }

        @Test
        void refusesAUserIdOfAnotherServerWithoutAskingSynapse() {
            AccountCreation creation = accounts().create(
                    new NewAccount(new UserId("alice", "elsewhere.org"), PASSWORD, Optional.empty()));

            assertThat(creation).isInstanceOfSatisfying(AccountCreation.Misconfigured.class,
                    m -> assertThat(m.reason()).contains("server_name"));
            assertThat(synapse.requests()).isEmpty();
        }

        @Test
        void sendsEveryRequestBelowThePathPrefixOfTheBaseUrl() throws IOException {
            try (FakeSynapse proxied = new FakeSynapse("/synapse")) {
                proxied.on("POST", SharedSecretRegistration.REGISTER, created("@alice:example.org"));

                AccountCreation creation = new SynapseHomeserverAccounts(settings(proxied.url() + "/"), clock)
                        .create(ALICE_ACCOUNT);

                assertThat(creation).isEqualTo(new AccountCreation.Created(ALICE));
                assertThat(proxied.requests()).extracting(FakeSynapse.Request::path)
                        .containsExactly("/synapse/_synapse/admin/v1/register", "/synapse/_synapse/admin/v1/register");
            }
        }
    }

    @Nested
    class SynapsesRefusals {
        @Test
        void aNameInUseIsTaken() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.error(400, "M_USER_IN_USE", "User ID already taken."));

            assertThat(accounts().create(ALICE_ACCOUNT)).isEqualTo(new AccountCreation.Taken(ALICE));
        }

        @Test
        void anInvalidNameIsRejectedWithSynapsesReason() {
            synapse.on("POST", SharedSecretRegistration.REGISTER,
                    Reply.error(400, "M_INVALID_USERNAME", "User ID may not begin with _"));

            assertThat(accounts().create(ALICE_ACCOUNT))
                    .isEqualTo(new AccountCreation.Rejected("M_INVALID_USERNAME", "User ID may not begin with _"));
        }

        @Test
        void anAppserviceNamespaceIsRejected() {
            synapse.on("POST", SharedSecretRegistration.REGISTER,
                    Reply.error(400, "M_EXCLUSIVE", "This user ID is reserved by an application service."));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOfSatisfying(AccountCreation.Rejected.class,
                    rejected -> assertThat(rejected.errcode()).isEqualTo("M_EXCLUSIVE"));
        }

        @Test
        void aWrongSharedSecretIsMisconfigured() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.error(403, "M_FORBIDDEN", "HMAC incorrect"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOfSatisfying(AccountCreation.Misconfigured.class,
                    m -> assertThat(m.reason()).contains("registration_shared_secret").doesNotContain(SECRET));
            assertThat(logs.events()).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("HMAC incorrect");
            });
        }

        @Test
        void sharedSecretRegistrationSwitchedOffIsMisconfigured() {
            synapse.on("POST", SharedSecretRegistration.REGISTER,
                    Reply.error(400, "M_UNKNOWN", "Shared secret registration is not enabled"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOfSatisfying(AccountCreation.Misconfigured.class,
                    m -> assertThat(m.reason()).contains("switched off"));
        }

        @Test
        void aNonceFromAnotherWorkerIsMisconfigured() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.error(400, "M_UNKNOWN", "unrecognised nonce"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOfSatisfying(AccountCreation.Misconfigured.class,
                    m -> assertThat(m.reason()).contains("workers"));
        }

        @Test
        void aProxyForbiddingTheAdminApiIsMisconfigured() {
            synapse.on("GET", SharedSecretRegistration.REGISTER, new Reply(403, Map.of(), "Forbidden", Duration.ZERO));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOfSatisfying(AccountCreation.Misconfigured.class,
                    m -> assertThat(m.reason()).contains("403").contains("/_synapse/admin/v1/register"));
            assertThat(synapse.requests("POST", SharedSecretRegistration.REGISTER)).isEmpty();
        }

        @Test
        void aMissingAdminApiIsMisconfigured() {
            synapse.on("GET", SharedSecretRegistration.REGISTER, Reply.error(404, "M_UNRECOGNIZED", "Unrecognized request"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Misconfigured.class);
        }

        @Test
        void aRedirectIsMisconfiguredAndNamesItsTarget() {
            synapse.on("GET", SharedSecretRegistration.REGISTER,
                    Reply.json(301, "").withHeader("Location", "https://matrix.example.org/_synapse/admin/v1/register"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOfSatisfying(AccountCreation.Misconfigured.class,
                    m -> assertThat(m.reason()).contains("server_location")
                            .contains("https://matrix.example.org/_synapse/admin/v1/register"));
            assertThat(synapse.requests()).hasSize(1);
        }

        @Test
        void aRedirectedPostIsMisconfigured() {
            synapse.on("POST", SharedSecretRegistration.REGISTER,
                    Reply.json(307, "").withHeader("Location", "https://elsewhere.example/register"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOfSatisfying(AccountCreation.Misconfigured.class,
                    m -> assertThat(m.reason()).contains("https://elsewhere.example/register"));
            assertThat(synapse.requests()).hasSize(2);
        }
    }

    @Nested
    class RateLimitsAndFailures {
        @Test
        void aRateLimitCarriesRetryAfterMsFromTheBody() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.json(429,
                    "{\"errcode\": \"M_LIMIT_EXCEEDED\", \"error\": \"Too Many Requests\", \"retry_after_ms\": 2500}"));

            assertThat(accounts().create(ALICE_ACCOUNT))
                    .isEqualTo(new AccountCreation.RateLimited(Optional.of(Duration.ofMillis(2500))));
        }

        @Test
        void aRateLimitCarriesTheRetryAfterHeaderInSeconds() {
            synapse.on("POST", SharedSecretRegistration.REGISTER,
                    Reply.error(429, "M_LIMIT_EXCEEDED", "Too Many Requests").withHeader("Retry-After", "7"));

            assertThat(accounts().create(ALICE_ACCOUNT))
                    .isEqualTo(new AccountCreation.RateLimited(Optional.of(Duration.ofSeconds(7))));
        }

        @Test
        void aRateLimitCarriesTheRetryAfterHeaderAsADate() {
            synapse.on("GET", SharedSecretRegistration.REGISTER,
                    new Reply(429, Map.of("Retry-After", "Thu, 01 Jan 2026 00:01:30 GMT"), "", Duration.ZERO));

            assertThat(accounts().create(ALICE_ACCOUNT))
                    .isEqualTo(new AccountCreation.RateLimited(Optional.of(Duration.ofSeconds(90))));
        }

        @Test
        void aRateLimitWithoutAHintHasNoRetryAfter() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.json(429, "slow down"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isEqualTo(new AccountCreation.RateLimited(Optional.empty()));
        }

        @Test
        void aServerErrorOnTheNonceIsUnavailableAndNothingIsPosted() {
            synapse.on("GET", SharedSecretRegistration.REGISTER, Reply.error(502, "M_UNKNOWN", "Bad Gateway"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Unavailable.class);
            assertThat(synapse.requests("POST", SharedSecretRegistration.REGISTER)).isEmpty();
        }

        @Test
        void aNonceThatIsNotJsonIsUnavailableAndNothingIsPosted() {
            synapse.on("GET", SharedSecretRegistration.REGISTER,
                    new Reply(200, Map.of("Content-Type", "text/html"), "<html>Element</html>", Duration.ZERO));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Unavailable.class);
            assertThat(synapse.requests("POST", SharedSecretRegistration.REGISTER)).isEmpty();
        }

        @Test
        void aNonceThatComesTooLateIsUnavailableAndNothingIsPosted() {
            synapse.on("GET", SharedSecretRegistration.REGISTER, TOO_LATE);

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Unavailable.class);
            assertThat(synapse.requests("POST", SharedSecretRegistration.REGISTER)).isEmpty();
        }
    }

    /**
     * A POST that got no usable answer may have created the account: it counts as created if the
     * account exists now, and is uncertain otherwise (a late request may still land).
     */
    @Nested
    class UnansweredRegistrations {
        @Test
        void anAnswerTooLargeToReadIsNotTakenForOneAndLeavesTheRegistrationUncertain() {
            String huge = "{\"user_id\": \"@alice:example.org\", \"padding\": \"" + "x".repeat(SynapseHttp.MAX_ANSWER_BYTES)
                    + "\"}";
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.json(200, huge));
            synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@alice:example.org",
                    Reply.error(404, "M_NOT_FOUND", "User not found"));

            assertThat(accountsWithAdminToken().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Uncertain.class);
            assertThat(logs.lines())
                    .anySatisfy(line -> assertThat(line).contains("larger than " + SynapseHttp.MAX_ANSWER_BYTES + " bytes"));
        }

        @Test
        void aTimeoutAfterWhichTheAccountExistsCountsAsCreated() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, TOO_LATE);
            synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@alice:example.org",
                    Reply.json(200, "{\"name\": \"@alice:example.org\"}"));

            assertThat(accountsWithAdminToken().create(ALICE_ACCOUNT)).isEqualTo(new AccountCreation.Created(ALICE));
        }

        @Test
        void aTimeoutAfterWhichTheAccountIsAbsentIsUncertainNotFailed() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, TOO_LATE);
            synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@alice:example.org",
                    Reply.error(404, "M_NOT_FOUND", "User not found"));

            assertThat(accountsWithAdminToken().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Uncertain.class);
        }

        @Test
        void aTimeoutWhenExistenceCannotBeCheckedIsUncertain() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, TOO_LATE);
            synapse.on("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE,
                    Reply.error(403, "M_FORBIDDEN", "Registration has been disabled"));
            synapse.on("GET", SynapseAccountLookup.PROFILE + "@alice:example.org",
                    Reply.error(401, "M_MISSING_TOKEN", "Missing access token"));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Uncertain.class);
            assertThat(synapse.requests("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE)).hasSize(1);
        }

        @Test
        void everyServerErrorAfterThePostIsResolvedByAskingWhetherTheAccountExists() {
            for (int status : new int[] {500, 502, 503, 504}) {
                synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.error(status, "M_UNKNOWN", "Server error"));
                synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@alice:example.org",
                        Reply.error(404, "M_NOT_FOUND", "User not found"));
                assertThat(accountsWithAdminToken().create(ALICE_ACCOUNT)).as("HTTP %d", status)
                        .isInstanceOf(AccountCreation.Uncertain.class);

                synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@alice:example.org",
                        Reply.json(200, "{\"name\": \"@alice:example.org\"}"));
                assertThat(accountsWithAdminToken().create(ALICE_ACCOUNT)).as("HTTP %d", status)
                        .isEqualTo(new AccountCreation.Created(ALICE));
            }
        }

        @Test
        void anUnreadableSuccessIsResolvedByAskingWhetherTheAccountExists() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.json(200, "{\"user_id\": "));

            assertThat(accounts().create(ALICE_ACCOUNT)).isInstanceOf(AccountCreation.Uncertain.class);
        }
    }

    /** Whether an account exists: exact with the admin token, the client API's evidence without. */
    @Nested
    class Existences {
        @Test
        void asksTheAdminApiWithTheAdminToken() {
            synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@alice:example.org", Reply.json(200, "{}"));
            synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@bob:example.org",
                    Reply.error(404, "M_NOT_FOUND", "User not found"));

            assertThat(accountsWithAdminToken().exists(ALICE)).isEqualTo(Existence.EXISTS);
            assertThat(accountsWithAdminToken().exists(new UserId("bob", SERVER))).isEqualTo(Existence.ABSENT);
            assertThat(synapse.requests()).allSatisfy(request ->
                    assertThat(request.authorization()).contains("Bearer " + ADMIN_TOKEN));
        }

        @Test
        void withoutTheAdminTokenUsesTheAvailabilityCheckWhileRegistrationIsOpen() {
            synapse.on("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE, request ->
                    request.query().orElse("").endsWith("=alice")
                            ? Reply.error(400, "M_USER_IN_USE", "User ID already taken.")
                            : Reply.json(200, "{\"available\": true}"));

            assertThat(accounts().exists(ALICE)).isEqualTo(Existence.EXISTS);
            assertThat(accounts().exists(new UserId("bob", SERVER))).isEqualTo(Existence.ABSENT);
            assertThat(synapse.requests("GET", SynapseAccountLookup.PROFILE + "@bob:example.org")).isEmpty();
        }

        @Test
        void withRegistrationClosedFallsBackToThePublicProfile() {
            synapse.on("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE,
                    Reply.error(403, "M_FORBIDDEN", "Registration has been disabled"));
            synapse.on("GET", SynapseAccountLookup.PROFILE + "@alice:example.org",
                    Reply.json(200, "{\"displayname\": \"alice\"}"));
            synapse.on("GET", SynapseAccountLookup.PROFILE + "@bob:example.org",
                    Reply.error(404, "M_UNKNOWN", "No row found (profiles)"));
            synapse.on("GET", SynapseAccountLookup.PROFILE + "@carol:example.org",
                    Reply.error(404, "M_NOT_FOUND", "Profile was not found"));

            assertThat(accounts().exists(ALICE)).isEqualTo(Existence.EXISTS);
            assertThat(accounts().exists(new UserId("bob", SERVER))).isEqualTo(Existence.ABSENT);
            assertThat(accounts().exists(new UserId("carol", SERVER))).as("a profile row without a display name")
                    .isEqualTo(Existence.UNKNOWN);
        }

        @Test
        void isUnknownRatherThanAGuess() {
            synapse.on("GET", SynapseAccountLookup.ADMIN_USER + "@alice:example.org",
                    Reply.error(403, "M_FORBIDDEN", "You are not a server admin"));
            synapse.on("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE,
                    Reply.error(429, "M_LIMIT_EXCEEDED", "Too Many Requests"));
            synapse.on("GET", SynapseAccountLookup.PROFILE + "@alice:example.org",
                    Reply.error(404, "M_UNRECOGNIZED", "Unrecognized request"));

            assertThat(accountsWithAdminToken().exists(ALICE)).isEqualTo(Existence.UNKNOWN);
            assertThat(accounts().exists(ALICE)).isEqualTo(Existence.UNKNOWN);
        }
    }

    @Nested
    class Availabilities {
        @Test
        void asksTheAdminApiWithTheAdminToken() {
            synapse.on("GET", SynapseAccountLookup.ADMIN_USERNAME_AVAILABLE, Reply.json(200, "{\"available\": true}"));

            assertThat(accountsWithAdminToken().availability(new UserId("a+b/c=d", SERVER)))
                    .isEqualTo(Availability.AVAILABLE);
            assertThat(synapse.requests()).singleElement().satisfies(request -> {
                assertThat(request.query()).contains("username=a+b/c=d");
                assertThat(request.authorization()).contains("Bearer " + ADMIN_TOKEN);
            });
        }

        @Test
        void mapsTheAdminApisRefusals() {
            synapse.on("GET", SynapseAccountLookup.ADMIN_USERNAME_AVAILABLE, request ->
                    request.query().orElse("").endsWith("=taken")
                            ? Reply.error(400, "M_USER_IN_USE", "User ID already taken.")
                            : request.query().orElse("").endsWith("=bridge")
                            ? Reply.error(400, "M_EXCLUSIVE", "This user ID is reserved by an application service.")
                            : Reply.error(400, "M_INVALID_USERNAME", "User ID may not begin with _"));

            assertThat(accountsWithAdminToken().availability(new UserId("taken", SERVER))).isEqualTo(Availability.TAKEN);
            assertThat(accountsWithAdminToken().availability(new UserId("bridge", SERVER))).isEqualTo(Availability.INVALID);
            assertThat(accountsWithAdminToken().availability(new UserId("_x", SERVER))).isEqualTo(Availability.INVALID);
        }

        @Test
        void withoutAnAdminTokenAsksTheClientApi() {
            synapse.on("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE,
                    Reply.error(400, "M_USER_IN_USE", "User ID already taken."));

            assertThat(accounts().availability(ALICE)).isEqualTo(Availability.TAKEN);
            assertThat(synapse.requests()).singleElement()
                    .satisfies(request -> assertThat(request.authorization()).isEmpty());
        }

        @Test
        void isUnknownWhenSynapseWillNotSay() {
            synapse.on("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE,
                    Reply.error(429, "M_LIMIT_EXCEEDED", "Too Many Requests"));
            synapse.on("GET", SynapseAccountLookup.ADMIN_USERNAME_AVAILABLE,
                    Reply.error(403, "M_FORBIDDEN", "You are not a server admin"));

            assertThat(accounts().availability(ALICE)).isEqualTo(Availability.UNKNOWN);
            assertThat(accountsWithAdminToken().availability(ALICE)).isEqualTo(Availability.UNKNOWN);
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("homeserver_admin_token"));
        }

        @Test
        void isUnknownWhenTheAnswerIsNotJson() {
            synapse.on("GET", SynapseAccountLookup.CLIENT_USERNAME_AVAILABLE, Reply.json(200, "{\"available\": tru"));

            assertThat(accounts().availability(ALICE)).isEqualTo(Availability.UNKNOWN);
        }
    }

    @Nested
    class Health {
        private void synapseAnswersVersionsAndHealth() {
            synapse.on("GET", SynapseReachability.CLIENT_VERSIONS, Reply.json(200, "{\"versions\": [\"v1.11\", \"v1.12\"]}"));
            synapse.on("GET", SynapseReachability.HEALTH, new Reply(200, Map.of(), "OK", Duration.ZERO));
        }

        private void synapseAcceptsTheSecret() {
            synapse.on("POST", SharedSecretRegistration.REGISTER, request -> request.body().contains("\"username\":\"matrix-registration secret check\"")
                    ? Reply.error(400, "M_INVALID_USERNAME", "User ID can only contain characters a-z, 0-9, or '=_-./+'")
                    : Reply.error(500, "M_UNKNOWN", "the probe was expected"));
        }

        @Test
        void acceptsTheSecretWhenSynapseGoesOnToJudgeTheProbeName() {
            synapseAnswersVersionsAndHealth();
            synapseAcceptsTheSecret();
            synapse.on("GET", SynapseReachability.ADMIN_SERVER_VERSION, Reply.json(200, "{\"server_version\": \"1.160.0\"}"));

            SynapseDiagnosis diagnosis = accounts().diagnose();

            assertThat(diagnosis).isEqualTo(new SynapseDiagnosis(true, List.of("v1.11", "v1.12"), Optional.of("1.160.0"),
                    SharedSecret.ACCEPTED, List.of()));
            assertThat(diagnosis.facts()).containsOnly(
                    Map.entry("reachable", "true"),
                    Map.entry("version", "1.160.0"),
                    Map.entry("shared_secret", "accepted"));
        }

        @Test
        void fallsBackToTheFederationVersionAndOtherwiseOmitsIt() {
            synapseAnswersVersionsAndHealth();
            synapseAcceptsTheSecret();
            synapse.on("GET", SynapseReachability.FEDERATION_VERSION,
                    Reply.json(200, "{\"server\": {\"name\": \"Synapse\", \"version\": \"1.159.1\"}}"));

            assertThat(accounts().diagnose().serverVersion()).contains("1.159.1");

            synapse.on("GET", SynapseReachability.FEDERATION_VERSION, Reply.error(404, "M_UNRECOGNIZED", "no"));
            HealthReport report = accounts().check();
            assertThat(report.healthy()).isTrue();
            assertThat(report.facts()).doesNotContainKey("version");
        }

        @Test
        void rejectsTheSecretOnHmacIncorrect() {
            synapseAnswersVersionsAndHealth();
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.error(403, "M_FORBIDDEN", "HMAC incorrect"));

            HealthReport report = accounts().check();

            assertThat(report.healthy()).isFalse();
            assertThat(report.facts()).containsEntry("shared_secret", "rejected");
            assertThat(report.detail()).contains("registration_shared_secret").doesNotContain(SECRET);
        }

        @Test
        void cannotJudgeTheSecretOnAnUnexpectedAnswer() {
            synapseAnswersVersionsAndHealth();
            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.error(429, "M_LIMIT_EXCEEDED", "Too Many Requests"));

            SynapseDiagnosis diagnosis = accounts().diagnose();

            assertThat(diagnosis.sharedSecret()).isEqualTo(SharedSecret.UNKNOWN);
            assertThat(diagnosis.healthy()).isFalse();
            assertThat(diagnosis.problems()).singleElement().asString().contains("429");
        }

        @Test
        void reportsARedirectingServerLocation() {
            synapse.on("GET", SynapseReachability.CLIENT_VERSIONS,
                    Reply.json(302, "").withHeader("Location", "https://matrix.example.org/_matrix/client/versions"));

            SynapseDiagnosis diagnosis = accounts().diagnose();

            assertThat(diagnosis.reachable()).isFalse();
            assertThat(diagnosis.problems()).anySatisfy(problem ->
                    assertThat(problem).contains("server_location").contains("https://matrix.example.org/"));
        }

        @Test
        void reportsAServerThatIsNotAHomeserver() {
            synapse.on("GET", SynapseReachability.CLIENT_VERSIONS,
                    new Reply(200, Map.of("Content-Type", "text/html"), "<html></html>", Duration.ZERO));

            SynapseDiagnosis diagnosis = accounts().diagnose();

            assertThat(diagnosis.reachable()).isFalse();
            assertThat(diagnosis.problems()).anySatisfy(problem -> assertThat(problem).contains("Matrix homeserver"));
        }

        @Test
        void reportsAFailingHealthEndpoint() {
            synapse.on("GET", SynapseReachability.CLIENT_VERSIONS, Reply.json(200, "{\"versions\": [\"v1.12\"]}"));
            synapse.on("GET", SynapseReachability.HEALTH, Reply.json(503, ""));
            synapseAcceptsTheSecret();

            SynapseDiagnosis diagnosis = accounts().diagnose();

            assertThat(diagnosis.sharedSecret()).isEqualTo(SharedSecret.ACCEPTED);
            assertThat(diagnosis.problems()).singleElement().asString().contains("/health");
        }

        @Test
        void healthChecksReuseAnAcceptedSecretForFiveMinutes() {
            synapseAnswersVersionsAndHealth();
            synapseAcceptsTheSecret();
            SynapseHomeserverAccounts accounts = accounts();

            accounts.check();
            clock.advance(Duration.ofMinutes(4));
            HealthReport cached = accounts.check();
            assertThat(synapse.requests("POST", SharedSecretRegistration.REGISTER)).hasSize(1);
            clock.advance(Duration.ofMinutes(2));
            accounts.check();

            assertThat(cached.facts()).containsEntry("shared_secret", "accepted");
            assertThat(synapse.requests("POST", SharedSecretRegistration.REGISTER)).hasSize(2);
        }

        @Test
        void aRefusedRegistrationEndsTheReuseOfAnAcceptedSecret() {
            synapseAnswersVersionsAndHealth();
            synapseAcceptsTheSecret();
            SynapseHomeserverAccounts accounts = accounts();
            accounts.check();

            synapse.on("POST", SharedSecretRegistration.REGISTER, Reply.error(403, "M_FORBIDDEN", "HMAC incorrect"));
            accounts.create(ALICE_ACCOUNT);

            assertThat(accounts.check().facts()).containsEntry("shared_secret", "rejected");
        }

        @Test
        void stopsAfterTheFirstRequestWhenSynapseCannotBeReached() {
            synapse.on("GET", SynapseReachability.CLIENT_VERSIONS, TOO_LATE);

            HealthReport report = accounts().check();

            assertThat(report.healthy()).isFalse();
            assertThat(report.facts()).containsEntry("reachable", "false").containsEntry("shared_secret", "unknown");
            assertThat(synapse.requests()).hasSize(1);
        }
    }
}
