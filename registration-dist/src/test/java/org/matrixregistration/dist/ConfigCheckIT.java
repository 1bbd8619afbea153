package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * {@code config check} through the packaged jar against a real Synapse: it passes with the right
 * shared secret, fails naming the secret with a wrong one, and creates no account either way.
 */
class ConfigCheckIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.shared();

    @TempDir
    Path dir;

    private PackagedJar.Result check(String sharedSecret) throws Exception {
        Files.writeString(dir.resolve("config.yaml"), """
                server_location: '%s'
                server_name: '%s'
                registration_shared_secret: '%s'
                db: 'sqlite:///{cwd}/db.sqlite3'
                """.formatted(SYNAPSE.baseUrl(), SYNAPSE.serverName(), sharedSecret));
        return PackagedJar.run(dir, Map.of(), "config", "check");
    }

    @Test
    void passesWithTheRightSharedSecretAndFailsWithAWrongOne() throws Exception {
        int usersBefore = SYNAPSE.users().size();

        PackagedJar.Result right = check(SYNAPSE.sharedSecret());
        PackagedJar.Result wrong = check("not-the-" + SYNAPSE.sharedSecret());

        assertThat(right.exitCode()).as(right.out() + right.err()).isZero();
        assertThat(wrong.exitCode()).as(wrong.out() + wrong.err()).isEqualTo(1);
        assertThat(wrong.out() + wrong.err()).contains("registration_shared_secret")
                .doesNotContain(SYNAPSE.sharedSecret());
        assertThat(SYNAPSE.users()).as("the secret check creates no account").hasSize(usersBefore);
    }
}
