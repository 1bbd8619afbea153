package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.testkit.SynapseContainer;

/** Availability through the client API, which Synapse answers only while its own registration is open. */
class SynapseOpenRegistrationIT {
    private static SynapseContainer synapse;
    private static SynapseHomeserverAccounts accounts;

    @BeforeAll
    static void startSynapse() {
        synapse = new SynapseContainer().withOpenRegistration();
        synapse.start();
        accounts = new SynapseHomeserverAccounts(
                SynapseSettings.of(synapse.baseUrl(), synapse.serverName(), synapse.sharedSecret()));
    }

    @AfterAll
    static void stopSynapse() {
        synapse.stop();
    }

    @Test
    void withoutAnAdminTokenAsksTheClientApi() {
        UserId taken = new UserId(SynapseContainer.uniqueLocalpart("present"), synapse.serverName());
        synapse.registerUser(taken.localpart(), "a password for the test");

        assertThat(accounts.availability(new UserId(SynapseContainer.uniqueLocalpart("absent"), synapse.serverName())))
                .isEqualTo(Availability.AVAILABLE);
        assertThat(accounts.availability(taken)).isEqualTo(Availability.TAKEN);
        assertThat(accounts.availability(new UserId("_x", synapse.serverName()))).isEqualTo(Availability.INVALID);
        assertThat(accounts.exists(taken)).isEqualTo(Existence.EXISTS);
        assertThat(accounts.exists(new UserId(SynapseContainer.uniqueLocalpart("absent"), synapse.serverName())))
                .isEqualTo(Existence.ABSENT);
    }
}
