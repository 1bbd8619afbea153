package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.HomeserverTokens;
import org.matrixregistration.core.token.HomeserverTokensContract;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.testkit.SynapseContainer;

/** Synapse's admin API for registration tokens passes the contract every homeserver's tokens pass. */
class SynapseRegistrationTokensIT extends HomeserverTokensContract {
    private static SynapseContainer synapse;
    private static SynapseRegistrationTokens tokens;

    @BeforeAll
    static void start() {
        synapse = SynapseContainer.sharedWithTokens();
        tokens = new SynapseRegistrationTokens(settings(synapse.adminToken()));
    }

    private static SynapseSettings settings(String adminToken) {
        return SynapseSettings.of(synapse.baseUrl(), synapse.serverName(), synapse.sharedSecret())
                .withAdminToken(adminToken);
    }

    @Override
    protected HomeserverTokens tokens() {
        return tokens;
    }

    @Test
    void seesTheUsesOfARegistrationFromAnyClient() {
        TokenName name = unique("Element");
        tokens.create(name, OptionalInt.of(2), Optional.empty());

        assertThat(synapse.registerWithToken(SynapseContainer.uniqueLocalpart("element"), "a password for the test",
                name.value()).registered()).isTrue();

        assertThat(tokens.find(name)).contains(new HomeserverToken(name, OptionalInt.of(2), 0, 1, Optional.empty()));
    }

    @Test
    void listsTokensMadeWithSynapsesOwnAdminApi() {
        TokenName name = unique("Ketesa");
        synapse.createRegistrationToken(name.value(), 4);

        assertThat(tokens.list()).contains(HomeserverToken.fresh(name, OptionalInt.of(4), Optional.empty()));
    }

    @Test
    void anExpiryInThePastIsRefusedWithSynapsesWords() {
        TokenName name = unique("Past");
        tokens.create(name, OptionalInt.of(1), Optional.empty());

        assertThatThrownBy(() -> tokens.update(name, OptionalInt.of(1), Optional.of(Instant.parse("2020-01-01T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry_time must not be in the past");
        assertThatThrownBy(() -> tokens.create(unique("Past"), OptionalInt.of(1),
                Optional.of(Instant.parse("2020-01-01T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAdminTokenOfSomeoneWhoIsNoAdminNamesTheSetting() {
        String localpart = SynapseContainer.uniqueLocalpart("plain");
        synapse.registerUser(localpart, "a password for the test");
        String notAdmin = synapse.login(localpart, "a password for the test");
        SynapseRegistrationTokens asNobody = new SynapseRegistrationTokens(settings(notAdmin));
        SynapseRegistrationTokens unknown = new SynapseRegistrationTokens(settings("syt_not_a_real_token"));

        assertThatThrownBy(asNobody::list).isInstanceOf(SynapseUnavailableException.class)
                .hasMessageContaining("homeserver_admin_token does not belong to a Synapse admin")
                .hasMessageNotContaining(notAdmin);
        assertThatThrownBy(() -> unknown.find(new TokenName("Secret-Name"))).isInstanceOf(SynapseUnavailableException.class)
                .hasMessageContaining("Synapse does not know homeserver_admin_token")
                .hasMessageNotContaining("Secret-Name");
    }

    /** What the portal's mapping rests on: Synapse reads uses_allowed 0 as "no limit", not as "nobody". */
    @Test
    void synapseAdmitsATokenWhoseLimitIsZeroWithoutLimit() {
        TokenName name = unique("ZeroIsNoLimit");
        tokens.create(name, OptionalInt.of(0), Optional.empty());

        for (int i = 0; i < 2; i++) {
            assertThat(synapse.registerWithToken(SynapseContainer.uniqueLocalpart("zero"), "a password for the test",
                    name.value()).registered()).isTrue();
        }
    }

    @Test
    void aTokenExpiredNowIsRefusedToEveryClient() {
        TokenName name = unique("Expired");
        tokens.create(name, OptionalInt.empty(), Optional.empty());

        Instant expired = tokens.expireNow(name).orElseThrow().expiresAt().orElseThrow();
        assertThat(expired).isBefore(Instant.now().plusSeconds(2));
        while (!Instant.now().isAfter(expired.plusMillis(20))) {
            Thread.onSpinWait();
        }

        assertThat(synapse.registerWithToken(SynapseContainer.uniqueLocalpart("late"), "a password for the test",
                name.value()).errcode()).contains("M_UNAUTHORIZED");
    }
}
