package org.example.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.admin.CreateOutcome;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.testkit.SynapseContainer;

/** The embedded use cases against a real Synapse, started by the test kit. */
class SignUpsIT {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path directory;

    @Test
    void singleUseTokenMakesOneAccountAndIsRefusedTheSecondTime() {
        SynapseContainer synapse = SynapseContainer.shared();
        try (SignUps signUps = new SignUps(directory.resolve("tokens.sqlite3"),
                synapse.baseUrl(), synapse.serverName(), synapse.sharedSecret())) {
            CreateOutcome created = signUps.tokens().create(NewToken.generated(UsageLimit.of(1)));
            assertThat(created).isInstanceOf(CreateOutcome.Created.class);
            String token = ((CreateOutcome.Created) created).token().name().value();

            String alice = SynapseContainer.uniqueLocalpart("alice");
            RegistrationOutcome first = signUps.registration().register(Registration.of(alice, PASSWORD, token));

            assertThat(first).isEqualTo(new RegistrationOutcome.Registered(new UserId(alice, synapse.serverName())));
            assertThat(synapse.userExists(synapse.userId(alice))).isTrue();
            assertThat(synapse.whoami(synapse.login(alice, PASSWORD))).isEqualTo(synapse.userId(alice));

            String bob = SynapseContainer.uniqueLocalpart("bob");
            RegistrationOutcome second = signUps.registration().register(Registration.of(bob, PASSWORD, token));

            assertThat(second).isInstanceOfSatisfying(RegistrationOutcome.TokenRefused.class,
                    refused -> assertThat(refused.reason()).isEqualTo(TokenRefusal.USED_UP));
            assertThat(synapse.userExists(synapse.userId(bob))).isFalse();
        }
    }
}
