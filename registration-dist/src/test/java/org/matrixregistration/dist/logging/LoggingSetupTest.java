package org.matrixregistration.dist.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.util.Duration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.config.PortalConfig;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {
    private static final String BRIEF = "%(name)s - %(levelname)s - %(message)s";
    private static final String PRECISE = "%(asctime)s - %(name)s - %(levelname)s - %(message)s";

    @TempDir
    Path dir;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(originalErr);
        LoggingSetup.apply(PortalConfig.Logging.defaults());
    }

    private static PortalConfig.LogHandler console(String level, String format) {
        return new PortalConfig.LogHandler("console", level, Optional.ofNullable(format), Optional.empty(), 0, 0);
    }

    private static PortalConfig.LogHandler file(Path file, String level, long maxBytes, int backups) {
        return new PortalConfig.LogHandler("file", level, Optional.of(PRECISE), Optional.of(file), maxBytes, backups);
    }

    /** What a running portal logs: its own lines at every level and a library's DEBUG chatter. */
    private static void logAtEveryLevel() {
        java.util.logging.Logger core = java.util.logging.Logger.getLogger("org.matrixregistration.core.Example");
        core.fine("core debug line");
        core.info("core info line");
        org.slf4j.Logger web = LoggerFactory.getLogger("org.matrixregistration.web.Example");
        web.debug("web debug line");
        web.info("web info line");
        java.util.logging.Logger.getLogger("jdk.internal.httpclient.debug").fine("http client debug line");
        java.util.logging.Logger.getLogger("javax.management.mbeanserver").fine("mbean debug line");
        LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool").info("hikari info line");
    }

    @Test
    void theDockerGuidesConfigLogsInfoToBothHandlersAndNoDebugAtAll() throws IOException {
        Path log = dir.resolve("m_reg.log");
        PortalConfig.Logging guide = new PortalConfig.Logging("DEBUG",
                List.of(console("INFO", BRIEF), file(log, "INFO", 10_485_760, 3)), Map.of());

        assertThat(LoggingSetup.apply(guide)).isEmpty();
        logAtEveryLevel();

        String written = Files.readString(log);
        assertThat(written).contains("core info line", "web info line")
                .doesNotContain("debug line", "DEBUG", "hikari");
        assertThat(written.lines().filter(line -> line.contains("web info line")))
                .singleElement().asString().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - "
                        + "org\\.matrixregistration\\.web\\.Example - INFO - web info line");
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("org.matrixregistration.web.Example - INFO - web info line")
                .doesNotContain("debug line", "DEBUG");
    }

    @Test
    void aHandlerAtDebugShowsThePortalsDebugLinesButNotTheLibrariesUnlessALoggerIsNamed() throws IOException {
        Path log = dir.resolve("debug.log");
        PortalConfig.Logging debug = new PortalConfig.Logging("DEBUG",
                List.of(console("WARNING", null), file(log, "DEBUG", 0, 0)),
                Map.of("javax.management", "DEBUG"));

        assertThat(LoggingSetup.apply(debug)).isEmpty();
        logAtEveryLevel();

        assertThat(Files.readString(log)).contains("core debug line", "web debug line", "mbean debug line")
                .doesNotContain("http client debug line", "hikari info line");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("info line", "debug line");
    }

    @Test
    void theRootLevelHidesLessSevereEventsFromEveryHandler() throws IOException {
        Path log = dir.resolve("logs/m_reg.log");

        assertThat(LoggingSetup.apply(new PortalConfig.Logging("WARNING", List.of(file(log, "NOTSET", 0, 0)), Map.of())))
                .isEmpty();
        java.util.logging.Logger core = java.util.logging.Logger.getLogger("org.matrixregistration.core.Example");
        core.info("an info line that the WARNING level hides");
        core.warning("a warning line that must reach the file");

        assertThat(Files.readString(log)).contains("a warning line that must reach the file").doesNotContain("an info line");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("a warning line that must reach the file");
    }

    @Test
    void rollsTheFileOverAtMaxBytesKeepingBackupCountFilesAsPythonNamesThem() throws IOException {
        Path log = dir.resolve("m_reg.log");
        PortalConfig.Logging rotating = new PortalConfig.Logging("INFO", List.of(file(log, "INFO", 1_000, 2)), Map.of());

        assertThat(LoggingSetup.apply(rotating, Duration.buildByMilliseconds(0))).isEmpty();
        org.slf4j.Logger logger = LoggerFactory.getLogger("org.matrixregistration.Example");
        for (int i = 0; i < 200; i++) {
            logger.info("line {} of a log that outgrows its file {}", i, "x".repeat(40));
        }

        assertThat(dir.resolve("m_reg.log.1")).exists();
        assertThat(dir.resolve("m_reg.log.2")).exists();
        assertThat(dir.resolve("m_reg.log.3")).doesNotExist();
        assertThat(Files.size(log)).isLessThan(1_000 + 200);
        assertThat(Files.readString(log)).contains("line 199 of a log");
    }

    @Test
    void explainsAnUnwritableLogFileInsteadOfFailing() throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");

        List<String> problems = LoggingSetup.apply(new PortalConfig.Logging("INFO",
                List.of(file(blocker.resolve("m_reg.log"), "INFO", 0, 0)), Map.of()));

        assertThat(problems).singleElement().asString()
                .contains("cannot write the log file", "logging.handlers.file.filename");
    }

    @Test
    void mapsPythonLevels() {
        assertThat(LoggingSetup.level("DEBUG")).hasToString("DEBUG");
        assertThat(LoggingSetup.level("WARNING")).hasToString("WARN");
        assertThat(LoggingSetup.level("CRITICAL")).hasToString("ERROR");
        assertThat(LoggingSetup.level("INFO")).hasToString("INFO");
        assertThat(LoggingSetup.level("NOTSET")).hasToString("TRACE");
    }
}
