package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.testkit.ClientRegistration;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * Sign-ups through Synapse's own registration with its registration tokens, against a Synapse whose
 * registration requires one, as Element signs up there; and Synapse's own race, which is why the
 * portal reserves each use itself first.
 */
class SynapseTokenRegistrationIT {
    private static final String PASSWORD = "a good pässword 42";

    private static SynapseContainer synapse;
    private static RefusingProxy proxy;
    private static SynapseTokenRegistration accounts;
    private static final List<Reservation> counted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        synapse = SynapseContainer.sharedWithTokens();
        proxy = new RefusingProxy(synapse.baseUrl());
        accounts = new SynapseTokenRegistration(settings(proxy.baseUrl()), countingStore());
    }

    @AfterEach
    void letEverythingThrough() {
        proxy.clear();
        counted.clear();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static SynapseSettings settings(String baseUrl) {
        return SynapseSettings.of(baseUrl, synapse.serverName(), synapse.sharedSecret())
                .withAdminToken(synapse.adminToken());
    }

    /** A token store that only hears which reservations Synapse counted; nothing else is asked of it here. */
    private static InviteTokens countingStore() {
        return (InviteTokens) Proxy.newProxyInstance(InviteTokens.class.getClassLoader(), new Class<?>[] {InviteTokens.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("countedByHomeserver")) {
                        counted.add((Reservation) arguments[0]);
                        return null;
                    }
                    throw new AssertionError("the homeserver adapter asked the store for " + method.getName());
                });
    }

    private static String newToken(int uses) {
        String name = SynapseContainer.uniqueLocalpart("Token");
        synapse.createRegistrationToken(name, uses);
        return name;
    }

    private static UserId fresh(String prefix) {
        return new UserId(SynapseContainer.uniqueLocalpart(prefix), synapse.serverName());
    }

    private static Reservation reservation(String token, UserId userId) {
        return Reservation.newFor(new TokenName(token), userId, Instant.now());
    }

    @Test
    void signsUpThroughTheTokenSoThatSynapseCountsTheUse() {
        String token = newToken(1);
        UserId userId = fresh("portal");
        Reservation reservation = reservation(token, userId);

        AccountCreation made = accounts.create(new NewAccount(userId, PASSWORD, Optional.of("Portal Pérson")), reservation);

        assertThat(made).isEqualTo(new AccountCreation.Created(userId));
        assertThat(synapse.registrationToken(token).path("completed").asInt()).isEqualTo(1);
        assertThat(synapse.registrationToken(token).path("pending").asInt()).isZero();
        assertThat(counted).containsExactly(reservation);
        assertThat(synapse.whoami(synapse.login(userId.localpart(), PASSWORD))).isEqualTo(userId.toString());
        assertThat(synapse.displayName(userId.toString())).contains("Portal Pérson");
        assertThat(synapse.adminDevices(userId.toString())).hasSize(1).as("only the test's own login made a device");
    }

    @Test
    void aTokenSynapseNoLongerAcceptsMakesNothing() {
        String token = newToken(1);
        assertThat(synapse.registerWithToken(SynapseContainer.uniqueLocalpart("element"), PASSWORD, token).registered())
                .isTrue();
        UserId userId = fresh("late");

        AccountCreation made = accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()), reservation(token, userId));

        assertThat(made).isInstanceOf(AccountCreation.Rejected.class);
        assertThat(((AccountCreation.Rejected) made).errcode()).isEqualTo("M_UNAUTHORIZED");
        assertThat(synapse.userExists(userId.toString())).isFalse();
        assertThat(counted).isEmpty();
    }

    @Test
    void aTakenNameCostsTheTokenNothing() {
        String token = newToken(1);
        UserId taken = fresh("taken");
        synapse.registerUser(taken.localpart(), PASSWORD);

        AccountCreation made = accounts.create(new NewAccount(taken, PASSWORD, Optional.empty()), reservation(token, taken));

        assertThat(made).isEqualTo(new AccountCreation.Taken(taken));
        JsonNode after = synapse.registrationToken(token);
        assertThat(after.path("pending").asInt() + after.path("completed").asInt()).isZero();
    }

    /** Before the last stage no account can exist: a lost answer there makes nothing and is no uncertainty. */
    @Test
    void aTokenStageThatFailsMakesNothing() {
        String token = newToken(1);
        UserId userId = fresh("stage");
        proxy.refuse(request -> request.contains("m.login.registration_token"));

        AccountCreation made = accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()), reservation(token, userId));

        assertThat(made).isInstanceOf(AccountCreation.Unavailable.class);
        assertThat(synapse.userExists(userId.toString())).isFalse();
    }

    /** The last stage's answer lost: the account may exist; here Synapse never saw it, so it is uncertain. */
    @Test
    void aLostLastStageIsUncertainUntilTheAccountIsFound() {
        String token = newToken(1);
        UserId userId = fresh("lost");
        proxy.refuse(request -> request.contains("m.login.dummy"));

        AccountCreation made = accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()), reservation(token, userId));

        assertThat(made).isInstanceOf(AccountCreation.Uncertain.class);
        assertThat(accounts.exists(userId)).isEqualTo(Existence.ABSENT);
        assertThat(synapse.registrationToken(token).path("pending").asInt())
                .as("Synapse keeps the abandoned session's use pending").isEqualTo(1);
    }

    @Test
    void asksTheClientApiWhetherANameIsFree() {
        UserId taken = fresh("present");
        synapse.registerUser(taken.localpart(), PASSWORD);

        assertThat(accounts.availability(taken)).isEqualTo(Availability.TAKEN);
        assertThat(accounts.availability(fresh("absent"))).isEqualTo(Availability.AVAILABLE);
        assertThat(accounts.exists(taken)).isEqualTo(Existence.EXISTS);
    }

    @Test
    void isHealthyWhenRegistrationRequiresATokenAndTheAdminTokenIsAnAdmins() {
        HealthReport report = new SynapseTokenRegistration(settings(synapse.baseUrl()), countingStore()).diagnose();

        assertThat(report.healthy()).as(report.detail()).isTrue();
        assertThat(report.facts()).containsEntry("admin_token", "accepted").containsEntry("registration", "requires_token");
    }

    @Test
    void saysWhatIsWrongWhenRegistrationIsClosedOrTheAdminTokenIsNoAdmins() {
        SynapseContainer closed = SynapseContainer.shared();
        String localpart = SynapseContainer.uniqueLocalpart("plain");
        closed.registerUser(localpart, PASSWORD);
        SynapseSettings notAdmin = SynapseSettings.of(closed.baseUrl(), closed.serverName(), closed.sharedSecret())
                .withAdminToken(closed.login(localpart, PASSWORD));

        HealthReport report = new SynapseTokenRegistration(notAdmin, countingStore()).diagnose();

        assertThat(report.healthy()).isFalse();
        assertThat(report.facts()).containsEntry("registration", "closed").containsEntry("admin_token", "rejected");
        assertThat(report.detail()).contains("registration is closed", "enable_registration: true",
                "registration_requires_token: true", "does not belong to a Synapse admin");
    }

    /**
     * Synapse's own count is not race-safe: it checks a token and records its use in separate steps,
     * so clients racing for a single-use token can make several accounts (measured on 1.160: 1, 9
     * and 5 accounts from 16 clients in three rounds). This is why the portal reserves each use
     * itself. Should this test fail, Synapse has become atomic: re-measure and update the README.
     */
    @Test
    void synapseAloneAdmitsSeveralClientsRacingForOneSingleUseToken() throws Exception {
        List<Integer> rounds = new ArrayList<>();
        for (int round = 0; round < 8 && rounds.stream().allMatch(accounts -> accounts <= 1); round++) {
            rounds.add(raceClients(16));
        }
        System.out.println("Synapse alone, 16 clients at one single-use token, accounts per round: " + rounds);
        assertThat(rounds).as("accounts made per round; all 1 means Synapse's check became atomic")
                .anyMatch(accounts -> accounts > 1);
    }

    private int raceClients(int clients) throws Exception {
        String token = newToken(1);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<ClientRegistration>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String localpart = SynapseContainer.uniqueLocalpart("racer");
                Callable<ClientRegistration> client = () -> {
                    start.await();
                    return synapse.registerWithToken(localpart, PASSWORD, token);
                };
                results.add(pool.submit(client));
            }
            start.countDown();
            int made = 0;
            for (Future<ClientRegistration> result : results) {
                if (result.get(120, TimeUnit.SECONDS).registered()) {
                    made++;
                }
            }
            assertThat(synapse.registrationToken(token).path("completed").asInt()).isEqualTo(made);
            return made;
        } finally {
            pool.shutdownNow();
        }
    }
}
