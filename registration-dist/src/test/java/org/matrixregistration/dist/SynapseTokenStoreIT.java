package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.dist.testing.LocalPortal;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.persistence.DatabaseUrl;
import org.matrixregistration.persistence.JdbcHomeserverInviteTokens;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.persistence.testing.PostgresServer;
import org.matrixregistration.synapse.SynapseRegistrationTokens;
import org.matrixregistration.synapse.SynapseSettings;
import org.matrixregistration.synapse.SynapseTokenRegistration;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * token_store: synapse assembled as the composition root assembles it, against a real Synapse whose
 * registration requires its registration tokens: a portal sign-up is a use Synapse counts, a token is
 * refused alike by the portal and by any client, and concurrent portal sign-ups at a single-use token
 * make exactly one account, also from two instances sharing PostgreSQL, though Synapse's own count
 * would let several through (see SynapseTokenRegistrationIT).
 */
class SynapseTokenStoreIT {
    private static final String PASSWORD = "correct horse battery";
    private static final int RACERS = 16;
    private static final int ROUNDS = 5;
    private static final Clock CLOCK = Clock.systemUTC();

    private static SynapseContainer synapse;
    private static SynapseSettings settings;

    @TempDir
    Path dir;

    private final List<TokenDatabase> opened = new ArrayList<>();

    /** One portal instance: its token store, its sign-up use case and its administration. */
    private record Portal(JdbcHomeserverInviteTokens store, RegistrationService signUp, AdministerTokens admin) {}

    @BeforeAll
    static void startSynapse() {
        synapse = SynapseContainer.sharedWithTokens();
        settings = SynapseSettings.of(synapse.baseUrl(), synapse.serverName(), synapse.sharedSecret())
                .withAdminToken(synapse.adminToken());
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }

    private Portal portal(DatabaseSettings database, SynapseSettings homeserver) {
        TokenDatabase db = TokenDatabase.open(database);
        opened.add(db);
        JdbcHomeserverInviteTokens store = db.homeserverTokens(new SynapseRegistrationTokens(homeserver), CLOCK);
        RegistrationService signUp = new RegistrationService(store, new SynapseTokenRegistration(homeserver, store),
                UsernameRules.forServer(synapse.serverName()), PasswordRules.defaults(), true, CLOCK);
        TokenAdministration admin = new TokenAdministration(store, () -> new TokenName(SynapseContainer.uniqueLocalpart("Invite")),
                CLOCK, false, AdministerTokens.APPROVAL_WITH_HOMESERVER_TOKENS);
        return new Portal(store, signUp, admin);
    }

    private Portal onSqlite() {
        return portal(DatabaseSettings.defaults(DatabaseUrl.sqlite(dir.resolve("db-" + opened.size() + ".sqlite3"))),
                settings);
    }

    private static TokenName create(Portal portal, int uses) {
        CreateOutcome outcome = portal.admin().create(new NewToken(Optional.empty(), UsageLimit.of(uses), Optional.empty(),
                "for the test"));
        return ((CreateOutcome.Created) outcome).token().name();
    }

    private static RegistrationOutcome signUp(Portal portal, String localpart, TokenName token) {
        return portal.signUp().register(new Registration(localpart, PASSWORD, PASSWORD, token.value(), Optional.empty(),
                Optional.of("203.0.113.9")));
    }

    @Test
    void aPortalSignUpIsAUseThatSynapseCounts() {
        Portal portal = onSqlite();
        TokenName token = create(portal, 2);
        assertThat(synapse.registrationToken(token.value()).path("uses_allowed").asInt()).isEqualTo(2);
        String localpart = SynapseContainer.uniqueLocalpart("portal");

        RegistrationOutcome outcome = signUp(portal, localpart, token);

        assertThat(outcome).isEqualTo(new RegistrationOutcome.Registered(UserId.parse(synapse.userId(localpart))));
        JsonNode counted = synapse.registrationToken(token.value());
        assertThat(counted.path("completed").asInt()).isEqualTo(1);
        assertThat(counted.path("pending").asInt()).isZero();
        InviteToken shown = portal.admin().get(token).orElseThrow();
        assertThat(shown.completedUses()).isEqualTo(1);
        assertThat(shown.pendingUses()).isZero();
        assertThat(portal.admin().uses(token).orElseThrow()).extracting(TokenUse::userId)
                .containsExactly(Optional.of(synapse.userId(localpart)));
        assertThat(synapse.whoami(synapse.login(localpart, PASSWORD))).isEqualTo(synapse.userId(localpart));
    }

    @Test
    void aUseFromAnotherClientCountsWithoutAName() {
        Portal portal = onSqlite();
        TokenName token = create(portal, 1);

        assertThat(synapse.registerWithToken(SynapseContainer.uniqueLocalpart("element"), PASSWORD, token.value())
                .registered()).isTrue();

        assertThat(portal.admin().get(token).orElseThrow().completedUses()).isEqualTo(1);
        assertThat(portal.admin().uses(token).orElseThrow()).singleElement()
                .satisfies(use -> assertThat(use.userId()).isEmpty());
        assertRefused(signUp(portal, SynapseContainer.uniqueLocalpart("late"), token), TokenRefusal.USED_UP);
    }

    /** Refused at the first look or at the reservation: the same outcome, every other field being fine. */
    private static void assertRefused(RegistrationOutcome outcome, TokenRefusal reason) {
        assertThat(outcome).isEqualTo(new RegistrationOutcome.TokenRefused(reason));
    }

    @Test
    void sixteenConcurrentPortalSignUpsAtASingleUseTokenMakeOneAccountInEveryRound() throws Exception {
        Portal portal = onSqlite();
        List<Integer> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            rounds.add(race(List.of(portal), create(portal, 1)));
        }
        System.out.println("token_store: synapse, one instance on SQLite, " + RACERS
                + " portal sign-ups at one single-use token, accounts per round: " + rounds);
        assertThat(rounds).containsOnly(1);
    }

    @Test
    void sixteenConcurrentPortalSignUpsFromTwoInstancesOnPostgresqlMakeOneAccountInEveryRound() throws Exception {
        DatabaseSettings shared = DatabaseSettings.forDbSetting(PostgresServer.shared().newDbSetting(), Path.of("."));
        List<Portal> instances = List.of(portal(shared, settings), portal(shared, settings));
        List<Integer> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            rounds.add(race(instances, create(instances.get(round % 2), 1)));
        }
        System.out.println("token_store: synapse, two instances on PostgreSQL, " + RACERS
                + " portal sign-ups at one single-use token, accounts per round: " + rounds);
        assertThat(rounds).containsOnly(1);
    }

    /** {@value #RACERS} sign-ups released at once, spread over the instances; the accounts they made. */
    private static int race(List<Portal> instances, TokenName token) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<RegistrationOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                Portal instance = instances.get(i % instances.size());
                String localpart = SynapseContainer.uniqueLocalpart("racer");
                Callable<RegistrationOutcome> racer = () -> {
                    start.await();
                    return signUp(instance, localpart, token);
                };
                outcomes.add(pool.submit(racer));
            }
            start.countDown();
            int registered = 0;
            for (Future<RegistrationOutcome> outcome : outcomes) {
                RegistrationOutcome result = outcome.get(2, TimeUnit.MINUTES);
                if (result instanceof RegistrationOutcome.Registered) {
                    registered++;
                } else {
                    assertRefused(result, TokenRefusal.USED_UP);
                }
            }
            JsonNode counted = synapse.registrationToken(token.value());
            assertThat(counted.path("completed").asInt()).as("accounts Synapse counted").isEqualTo(registered);
            assertThat(counted.path("pending").asInt()).isZero();
            for (Portal instance : instances) {
                InviteToken shown = instance.store().find(token).orElseThrow();
                assertThat(shown.completedUses()).isEqualTo(registered);
                assertThat(shown.pendingUses()).isZero();
            }
            return registered;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void disabledAndExpiredTokensAreRefusedByThePortalAndByAnyClient() {
        Portal portal = onSqlite();
        TokenName disabled = create(portal, 3);
        TokenName expired = create(portal, 3);

        portal.admin().disable(disabled);
        portal.admin().update(expired, TokenChanges.NONE.withExpiry(Optional.of(Instant.now().minusSeconds(60))));

        assertRefused(signUp(portal, SynapseContainer.uniqueLocalpart("off"), disabled), TokenRefusal.DISABLED);
        assertRefused(signUp(portal, SynapseContainer.uniqueLocalpart("late"), expired), TokenRefusal.EXPIRED);
        for (TokenName token : List.of(disabled, expired)) {
            awaitSwitchedOffInSynapse(token);
            assertThat(synapse.registerWithToken(SynapseContainer.uniqueLocalpart("element"), PASSWORD, token.value())
                    .errcode()).contains("M_UNAUTHORIZED");
        }
        assertThat(portal.admin().get(expired).orElseThrow().isExpiredAt(Instant.now())).isTrue();
        assertThat(portal.admin().get(disabled).orElseThrow().limit()).isEqualTo(UsageLimit.of(3));

        portal.admin().update(disabled, TokenChanges.NONE.withDisabled(false));
        assertThat(synapse.registrationToken(disabled.value()).path("uses_allowed").asInt()).isEqualTo(3);
        assertThat(synapse.registrationToken(disabled.value()).path("expiry_time").isNull()).isTrue();
        assertThat(signUp(portal, SynapseContainer.uniqueLocalpart("back"), disabled))
                .isInstanceOf(RegistrationOutcome.Registered.class);
    }

    /**
     * A token is switched off in Synapse by expiring it a fraction of a second ahead (Synapse takes no
     * moment that has passed); waits until that moment has passed.
     */
    private static void awaitSwitchedOffInSynapse(TokenName token) {
        JsonNode expiry = synapse.registrationToken(token.value()).path("expiry_time");
        assertThat(expiry.isNumber()).as("Synapse has an expiry for a token switched off").isTrue();
        Instant at = Instant.ofEpochMilli(expiry.asLong());
        assertThat(at).isBefore(Instant.now().plusSeconds(2));
        while (!Instant.now().isAfter(at.plusMillis(20))) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aTokenMadeWithSynapsesAdminApiIsAnInviteToo() {
        Portal portal = onSqlite();
        String name = SynapseContainer.uniqueLocalpart("Ketesa");
        synapse.createRegistrationToken(name, 1);

        assertThat(portal.admin().list(TokenQuery.all()).items()).extracting(token -> token.name().value()).contains(name);
        assertThat(signUp(portal, SynapseContainer.uniqueLocalpart("invited"), new TokenName(name)))
                .isInstanceOf(RegistrationOutcome.Registered.class);
        assertThat(synapse.registrationToken(name).path("completed").asInt()).isEqualTo(1);
    }

    /** Synapse gone after the portal reserved the use: nothing was made, the use is free again everywhere. */
    @Test
    void aSynapseThatIsDownAfterTheReservationLeavesNoUseCounted() throws Exception {
        Portal portal = onSqlite();
        TokenName token = create(portal, 1);
        int closedPort = LocalPortal.freePort();
        SynapseSettings down = SynapseSettings.of("http://127.0.0.1:" + closedPort, synapse.serverName(),
                synapse.sharedSecret()).withAdminToken(synapse.adminToken()).withRequestTimeout(Duration.ofSeconds(2));
        RegistrationService unreachable = new RegistrationService(portal.store(), new SynapseTokenRegistration(down,
                portal.store()), UsernameRules.forServer(synapse.serverName()), PasswordRules.defaults(), false, CLOCK);
        String localpart = SynapseContainer.uniqueLocalpart("unlucky");

        RegistrationOutcome outcome = unreachable.register(Registration.of(localpart, PASSWORD, PASSWORD, token.value()));

        assertThat(outcome).isInstanceOf(RegistrationOutcome.HomeserverUnavailable.class);
        assertThat(((RegistrationOutcome.HomeserverUnavailable) outcome).useStillReserved()).isFalse();
        assertThat(portal.store().find(token).orElseThrow().countedUses()).isZero();
        assertThat(synapse.registrationToken(token.value()).path("pending").asInt()).isZero();
        assertThat(signUp(portal, localpart, token)).isInstanceOf(RegistrationOutcome.Registered.class);
    }
}
