package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServeLineTest {

    @Test
    void takesServeWithTheGlobalOptionsOnEitherSide() {
        assertThat(ServeLine.parse("serve")).contains(new ServeLine(Optional.empty(), false));
        assertThat(ServeLine.parse("--config-path", "/data/config.yaml", "serve"))
                .contains(new ServeLine(Optional.of(Path.of("/data/config.yaml")), false));
        assertThat(ServeLine.parse("serve", "--config-path=c.yaml", "-v"))
                .contains(new ServeLine(Optional.of(Path.of("c.yaml")), true));
        assertThat(ServeLine.parse("--verbose", "serve")).contains(new ServeLine(Optional.empty(), true));
    }

    @Test
    void leavesEverythingElseToTheCommandModel() {
        assertThat(ServeLine.parse()).isEmpty();
        assertThat(ServeLine.parse("serve", "--help")).isEmpty();
        assertThat(ServeLine.parse("serve", "-h")).isEmpty();
        assertThat(ServeLine.parse("serve", "now")).isEmpty();
        assertThat(ServeLine.parse("serve", "serve")).isEmpty();
        assertThat(ServeLine.parse("generate")).isEmpty();
        assertThat(ServeLine.parse("--config-path")).isEmpty();
        assertThat(ServeLine.parse("--config-path", "serve")).isEmpty();
        assertThat(ServeLine.parse("--config-path", "-v", "serve")).isEmpty();
        assertThat(ServeLine.parse("--config-path=", "serve")).isEmpty();
        assertThat(ServeLine.parse("--config-path", "a", "--config-path", "b", "serve")).isEmpty();
        assertThat(ServeLine.parse("-v", "-v", "serve")).isEmpty();
        assertThat(ServeLine.parse("-V", "serve")).isEmpty();
    }
}
