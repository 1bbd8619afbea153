package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;

/**
 * The launcher the build puts beside the jar ({@code target/bin/matrix-registration}), run with
 * this JVM as {@code JAVA_HOME} and its class-data cache in a directory of the test's own.
 */
class LauncherIT {
    private static final Path LAUNCHER = PackagedJar.JAR.toAbsolutePath().getParent().resolve("bin/matrix-registration");

    @TempDir
    Path dir;
    @TempDir
    Path cache;

    record Result(int exitCode, String out, String err) {}

    @Test
    void aCommandPrintsOnlyItsOutputOnStdoutWhileItsFirstRunMakesTheCache() throws Exception {
        PackagedJar.writeConfig(dir, "");

        Result generated = run(Map.of(), "generate", "-m", "1");
        String token = generated.out().strip();
        Result status = run(Map.of(), "status", "-s", token);

        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(token).matches("^([A-Z][a-z]+){3}$");
        assertThat(cacheFiles()).singleElement().asString().startsWith("matrix-registration-cli-").doesNotEndWith(".tmp");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("This token is valid");
    }

    @Test
    void javaOptsWinAndAnotherCollectorOrHeapLimitReplacesTheDefault() throws Exception {
        Result result = run(Map.of("JAVA_OPTS", "-XX:+UseG1GC -Xmx64m -XX:+PrintCommandLineFlags"), "--version");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("matrix-registration ");
        assertThat(result.err()).contains("-XX:+UseG1GC", "-XX:MaxHeapSize=67108864", "-XX:TieredStopAtLevel=1")
                .doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void serveRunsOnC2AloneAndOtherCommandsOnC1() throws Exception {
        Result serve = run(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "serve", "--help");
        Result other = run(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "token", "--help");

        assertThat(serve.exitCode()).as(serve.err()).isZero();
        assertThat(serve.err()).contains("-XX:-TieredCompilation", "-XX:MaxNodeLimit=20000", "-XX:+UseSerialGC")
                .doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(other.exitCode()).as(other.err()).isZero();
        assertThat(other.err()).contains("-XX:TieredStopAtLevel=1").doesNotContain("-XX:-TieredCompilation");
    }

    @Test
    void aFirstStartThatFailsLeavesNoCache() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "port: 'not a port'\n");

        Result result = run(Map.of(), "serve");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void serveStopsOnSigtermAndItsFirstRunLeavesItsCache() throws Exception {
        int port = LocalPortal.freePort();
        PackagedJar.writeConfig(dir, "");
        Files.writeString(dir.resolve("config.yaml"),
                Files.readString(dir.resolve("config.yaml")).replace("port: 0", "port: " + port));
        Path log = dir.resolve("portal.log");
        Process portal = builder(Map.of(), "serve").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpResponse<String> live = LocalPortal.awaitHealthy("http://127.0.0.1:" + port, Duration.ofSeconds(30),
                    LocalPortal.process(portal, log));
            assertThat(live.body()).isEqualTo("OK");
        } finally {
            portal.destroy();
            assertThat(portal.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(cacheFiles()).as(Files.readString(log)).singleElement().asString().startsWith("matrix-registration-serve-");
    }

    private List<String> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Process process = builder(environment, args).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not finish within 120 s: " + List.of(args));
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private ProcessBuilder builder(Map<String, String> environment, String... args) {
        assertThat(LAUNCHER).as("the launcher; run 'mvn package' first").isExecutable();
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("MATRIX_REGISTRATION_")
                || key.equals("JAVA_OPTS") || key.equals("MALLOC_ARENA_MAX"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("MATRIX_REGISTRATION_JVM_CACHE", cache.toString());
        builder.environment().putAll(environment);
        return builder;
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
