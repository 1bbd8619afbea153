package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.approval.ApprovalSignUp;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RequestDecisions;
import org.matrixregistration.core.approval.RequestNotices;
import org.matrixregistration.core.approval.RequestStatus;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.persistence.JdbcInviteTokens;
import org.matrixregistration.persistence.JdbcRegistrationRequests;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.synapse.SynapseHomeserverAccounts;
import org.matrixregistration.synapse.SynapseLockedAccounts;
import org.matrixregistration.synapse.SynapseSettings;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * A pending request nobody decides expires as if an admin had denied it: the use cases as dist
 * wires them, over the SQLite store and a real Synapse, with a clock the test moves past
 * {@code approval.expire_after} (two weeks are not waited for).
 */
class ApprovalExpiryIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.shared();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    @Test
    void aRequestNobodyDecidesIsDeniedAfterTheExpiryAndItsAccountErased() {
        MutableClock clock = MutableClock.at("2026-11-30T12:00:00Z");
        try (TokenDatabase database = TokenDatabase.open(DatabaseSettings.forDbSetting("sqlite:///{cwd}/db.sqlite3", dir))) {
            database.migrate();
            JdbcInviteTokens tokens = database.tokens(clock);
            JdbcRegistrationRequests requests = database.registrationRequests();
            SynapseLockedAccounts locked = new SynapseLockedAccounts(new SynapseHomeserverAccounts(SynapseSettings.of(
                    SYNAPSE.baseUrl(), SYNAPSE.serverName(), SYNAPSE.sharedSecret()).withAdminToken(SYNAPSE.adminToken())));
            RequestNotices notices = RequestNotices.none(requests);
            new TokenAdministration(tokens, WordListTokenNames.bundled(3), clock, true).create(new NewToken(
                    Optional.of(new TokenName("Expiring")), UsageLimit.of(1), Optional.empty(), "", true));
            String localpart = SynapseContainer.uniqueLocalpart("late");
            UserId userId = new UserId(localpart, SYNAPSE.serverName());
            Reservation reservation = (Reservation) tokens.reserve(new TokenName("Expiring"), userId, clock.instant());
            ApprovalSignUp.Result result = new ApprovalSignUp(requests, tokens, locked, notices, clock)
                    .signUp(reservation, new NewAccount(userId, PASSWORD, Optional.empty()));
            RegistrationRequest request = ((ApprovalSignUp.Result.Requested) result).request();
            RequestDecisions decisions = new RequestDecisions(requests, tokens, locked, notices, Duration.ofDays(14), clock);

            clock.advance(Duration.ofDays(13));
            assertThat(decisions.expirePending()).as("not yet").isZero();
            assertThat(SYNAPSE.loginRefusal(localpart, PASSWORD)).contains("M_USER_LOCKED");

            clock.advance(Duration.ofDays(1).plusMinutes(1));
            assertThat(decisions.expirePending()).isEqualTo(1);

            RegistrationRequest expired = requests.find(request.id()).orElseThrow();
            assertThat(expired.status()).isEqualTo(RequestStatus.DENIED);
            assertThat(expired.reason()).contains("not decided within 14 days");
            assertThat(SYNAPSE.loginRefusal(localpart, PASSWORD)).contains("M_FORBIDDEN");
            InviteToken token = tokens.find(new TokenName("Expiring")).orElseThrow();
            assertThat(token.completedUses()).isZero();
            assertThat(token.pendingUses()).isZero();
            assertThat(decisions.expirePending()).as("once").isZero();
        }
    }
}
