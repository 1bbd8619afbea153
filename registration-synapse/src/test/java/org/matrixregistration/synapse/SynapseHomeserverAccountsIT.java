package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.synapse.SynapseDiagnosis.SharedSecret;
import org.matrixregistration.testkit.SynapseContainer;

/** The adapter against a real Synapse (closed registration), shared by the tests of this JVM. */
class SynapseHomeserverAccountsIT {
    /** Not ASCII, so that the MAC and Synapse must agree on UTF-8. */
    private static final String PASSWORD = "correct horse bättery stäple €";

    private static SynapseContainer synapse;
    private static SynapseSettings settings;
    private static SynapseHomeserverAccounts accounts;

    @BeforeAll
    static void startSynapse() {
        synapse = SynapseContainer.shared();
        settings = SynapseSettings.of(synapse.baseUrl(), synapse.serverName(), synapse.sharedSecret());
        accounts = new SynapseHomeserverAccounts(settings);
    }

    @Test
    void createsAnAccountThatLogsInWithItsPassword() {
        UserId userId = freshUser("signup");

        AccountCreation creation = accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()));

        assertThat(creation).isEqualTo(new AccountCreation.Created(userId));
        String accessToken = synapse.login(userId.localpart(), PASSWORD);
        assertThat(synapse.whoami(accessToken)).isEqualTo(userId.toString());
    }

    @Test
    void leavesTheNewAccountWithoutAnyDeviceUntilItsOwnerLogsIn() {
        UserId userId = freshUser("nodevice");

        accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()));

        assertThat(synapse.adminDevices(userId.toString())).isEmpty();
        synapse.login(userId.localpart(), PASSWORD);
        assertThat(synapse.adminDevices(userId.toString())).hasSize(1);
    }

    @Test
    void setsTheDisplayName() {
        UserId userId = freshUser("named");

        accounts.create(new NewAccount(userId, PASSWORD, Optional.of("Alice Ünicode")));

        assertThat(synapse.displayName(userId.toString())).contains("Alice Ünicode");
    }

    @Test
    void reportsANameThatIsAlreadyTaken() {
        UserId userId = freshUser("taken");
        synapse.registerUser(userId.localpart(), "someone else's password");

        AccountCreation creation = accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()));

        assertThat(creation).isEqualTo(new AccountCreation.Taken(userId));
    }

    @Test
    void passesOnSynapsesReasonForRefusingAName() {
        for (String localpart : List.of("_x", "123")) {
            UserId userId = new UserId(localpart, synapse.serverName());

            AccountCreation creation = accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()));

            assertThat(creation).as(localpart).isInstanceOfSatisfying(AccountCreation.Rejected.class, rejected -> {
                assertThat(rejected.errcode()).isEqualTo("M_INVALID_USERNAME");
                assertThat(rejected.reason()).isNotBlank();
            });
            assertThat(synapse.userExists(userId.toString())).as(localpart).isFalse();
        }
    }

    @Test
    void createsTheLowerCasedUserIdThatCoreHandsOver() {
        String typed = SynapseContainer.uniqueLocalpart("Alice");
        UserId userId = ((UsernameRules.Accepted) UsernameRules.forServer(synapse.serverName()).check(typed)).userId();

        AccountCreation creation = accounts.create(new NewAccount(userId, PASSWORD, Optional.empty()));

        assertThat(creation).isInstanceOfSatisfying(AccountCreation.Created.class, created ->
                assertThat(created.userId().toString()).startsWith("@alice-").endsWith(":" + synapse.serverName()));
    }

    @Test
    void aWrongSharedSecretIsMisconfiguredCreatesNothingAndFailsTheCheck() {
        String wrongSecret = "not-" + synapse.sharedSecret();
        SynapseHomeserverAccounts wrong = new SynapseHomeserverAccounts(
                SynapseSettings.of(synapse.baseUrl(), synapse.serverName(), wrongSecret));
        UserId userId = freshUser("wrongsecret");

        AccountCreation creation = wrong.create(new NewAccount(userId, PASSWORD, Optional.empty()));
        SynapseDiagnosis diagnosis = wrong.diagnose();
        HealthReport report = wrong.check();

        assertThat(creation).isInstanceOfSatisfying(AccountCreation.Misconfigured.class, misconfigured ->
                assertThat(misconfigured.reason()).contains("registration_shared_secret").doesNotContain(wrongSecret));
        assertThat(synapse.userExists(userId.toString())).isFalse();
        assertThat(diagnosis.reachable()).isTrue();
        assertThat(diagnosis.sharedSecret()).isEqualTo(SharedSecret.REJECTED);
        assertThat(report.healthy()).isFalse();
        assertThat(report.facts()).containsEntry("shared_secret", "rejected").containsEntry("reachable", "true");
        assertThat(report.detail()).contains("HMAC incorrect").doesNotContain(wrongSecret);
    }

    @Test
    void theRightSharedSecretPassesTheCheckWhichCreatesNoAccount() {
        List<String> usersBefore = synapse.users();

        SynapseDiagnosis diagnosis = accounts.diagnose();
        HealthReport report = accounts.check();

        assertThat(diagnosis.reachable()).isTrue();
        assertThat(diagnosis.specVersions()).isNotEmpty();
        assertThat(diagnosis.serverVersion()).hasValueSatisfying(version -> assertThat(version).startsWith("1."));
        assertThat(diagnosis.sharedSecret()).isEqualTo(SharedSecret.ACCEPTED);
        assertThat(diagnosis.problems()).isEmpty();
        assertThat(report.component()).isEqualTo("homeserver");
        assertThat(report.healthy()).isTrue();
        assertThat(report.facts()).containsEntry("reachable", "true").containsEntry("shared_secret", "accepted")
                .containsEntry("version", diagnosis.serverVersion().orElseThrow());
        assertThat(synapse.users()).containsExactlyInAnyOrderElementsOf(usersBefore);
    }

    @Test
    void aClosedPortIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SynapseHomeserverAccounts nowhere = new SynapseHomeserverAccounts(
                SynapseSettings.of("http://127.0.0.1:" + closedPort, synapse.serverName(), synapse.sharedSecret())
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        UserId userId = freshUser("nowhere");

        assertThat(nowhere.create(new NewAccount(userId, PASSWORD, Optional.empty())))
                .isInstanceOf(AccountCreation.Unavailable.class);
        assertThat(nowhere.availability(userId)).isEqualTo(Availability.UNKNOWN);
        HealthReport report = nowhere.check();
        assertThat(report.healthy()).isFalse();
        assertThat(report.facts()).containsEntry("reachable", "false").containsEntry("shared_secret", "unknown")
                .doesNotContainKey("version");
    }

    @Test
    void withAnAdminTokenTellsFreeTakenAndInvalidNamesApart() {
        SynapseHomeserverAccounts asAdmin = new SynapseHomeserverAccounts(settings.withAdminToken(synapse.adminToken()));
        UserId taken = freshUser("present");
        synapse.registerUser(taken.localpart(), PASSWORD);

        assertThat(asAdmin.availability(freshUser("absent"))).isEqualTo(Availability.AVAILABLE);
        assertThat(asAdmin.availability(taken)).isEqualTo(Availability.TAKEN);
        assertThat(asAdmin.availability(new UserId("_x", synapse.serverName()))).isEqualTo(Availability.INVALID);
    }

    @Test
    void withoutAnAdminTokenCannotTellWhileSynapsesRegistrationIsClosed() {
        UserId taken = freshUser("closed");
        synapse.registerUser(taken.localpart(), PASSWORD);

        assertThat(accounts.availability(freshUser("closedabsent"))).isEqualTo(Availability.UNKNOWN);
        assertThat(accounts.availability(taken)).isEqualTo(Availability.UNKNOWN);
    }

    @Test
    void aRejectedAdminTokenLeavesAvailabilityUnknown() {
        SynapseHomeserverAccounts badToken = new SynapseHomeserverAccounts(settings.withAdminToken("syt_not_a_token"));

        assertThat(badToken.availability(freshUser("badtoken"))).isEqualTo(Availability.UNKNOWN);
    }

    @Test
    void tellsWhetherAnAccountExistsWithTheAdminTokenAndWithoutIt() {
        SynapseHomeserverAccounts asAdmin = new SynapseHomeserverAccounts(settings.withAdminToken(synapse.adminToken()));
        UserId present = freshUser("exists");
        synapse.registerUser(present.localpart(), PASSWORD);
        UserId absent = freshUser("neverregistered");

        assertThat(asAdmin.exists(present)).isEqualTo(Existence.EXISTS);
        assertThat(asAdmin.exists(absent)).isEqualTo(Existence.ABSENT);
        assertThat(accounts.exists(present)).as("registration closed: the public profile").isEqualTo(Existence.EXISTS);
        assertThat(accounts.exists(absent)).isEqualTo(Existence.ABSENT);
    }

    @Test
    void aRejectedAdminTokenCannotTellWhetherAnAccountExists() {
        SynapseHomeserverAccounts badToken = new SynapseHomeserverAccounts(settings.withAdminToken("syt_not_a_token"));

        assertThat(badToken.exists(freshUser("badtoken"))).isEqualTo(Existence.UNKNOWN);
    }

    private static UserId freshUser(String prefix) {
        return new UserId(SynapseContainer.uniqueLocalpart(prefix), synapse.serverName());
    }
}
