package org.matrixregistration.dist.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.config.PortalConfig;

class LoggingSetupTest {
    @TempDir
    Path dir;

    @Test
    void writesCoreLogsToTheConfiguredFileAtTheRootLevel() throws IOException {
        Path file = dir.resolve("logs/m_reg.log");

        assertThat(LoggingSetup.apply(new PortalConfig.Logging("WARNING", Optional.of(file)))).isEmpty();
        java.util.logging.Logger core = java.util.logging.Logger.getLogger("org.matrixregistration.core.Example");
        core.info("an info line that the WARNING level hides");
        core.warning("a warning line that must reach the file");

        String written = Files.readString(file);
        assertThat(written).contains("a warning line that must reach the file").doesNotContain("an info line");
    }

    @Test
    void explainsAnUnwritableLogFileInsteadOfFailing() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");

        Optional<String> problem = LoggingSetup.apply(new PortalConfig.Logging("INFO", Optional.of(blocker.resolve("m_reg.log"))));

        assertThat(problem).hasValueSatisfying(message -> assertThat(message).contains("cannot write the log file"));
    }

    @Test
    void mapsPythonLevels() {
        assertThat(LoggingSetup.level("DEBUG")).hasToString("DEBUG");
        assertThat(LoggingSetup.level("WARNING")).hasToString("WARN");
        assertThat(LoggingSetup.level("CRITICAL")).hasToString("ERROR");
        assertThat(LoggingSetup.level("INFO")).hasToString("INFO");
    }
}
