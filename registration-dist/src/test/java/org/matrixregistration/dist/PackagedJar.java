package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.matrixregistration.dist.testing.LocalPortal;

/** Runs the packaged jar in a fresh JVM, as an admin would, and captures what it prints. */
final class PackagedJar {
    static final Path JAR = Path.of(System.getProperty("matrixRegistration.jar", "target/matrix-registration.jar"));

    record Result(int exitCode, String out, String err) {}

    private PackagedJar() {}

    static Result run(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Process process = start(workingDirectory, environment, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not finish within 120 s: " + List.of(args));
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Starts a long-running command (serve) with its output going to {@code log}, so no pipe can fill up. */
    static Process startLogged(Path workingDirectory, Path log, Map<String, String> environment, String... args)
            throws IOException {
        ProcessBuilder builder = builder(workingDirectory, environment, args);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    /**
     * Starts {@code serve} in {@code dataDir} (its config.yaml), logging to {@code dataDir/portal.log},
     * and returns once {@code baseUrl}'s /health answers 200; fails with the log if the portal exits.
     */
    static Process serveHealthy(Path dataDir, String baseUrl) throws Exception {
        Path log = dataDir.resolve("portal.log");
        Process portal = startLogged(dataDir, log, Map.of(), "serve");
        LocalPortal.awaitHealthy(baseUrl, Duration.ofSeconds(60), LocalPortal.process(portal, log));
        return portal;
    }

    static Process start(Path workingDirectory, Map<String, String> environment, String... args) throws IOException {
        return builder(workingDirectory, environment, args).start();
    }

    private static ProcessBuilder builder(Path workingDirectory, Map<String, String> environment, String... args) {
        assertThat(JAR).as("the shaded jar; run 'mvn package' first").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("MATRIX_REGISTRATION_"));
        builder.environment().putAll(environment);
        return builder;
    }

    /** A config for an SQLite file in {@code dir}, and a homeserver that is not there. */
    static Path writeConfig(Path dir, String extra) throws IOException {
        return writeConfig(dir, "sqlite:///{cwd}/db.sqlite3", extra);
    }

    static Path writeConfig(Path dir, String db, String extra) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), """
                server_location: 'http://127.0.0.1:9'
                server_name: 'example.org'
                registration_shared_secret: 'not-a-real-secret'
                admin_api_shared_secret: 'admin-secret-for-tests'
                db: '%s'
                host: '127.0.0.1'
                port: 0
                """.formatted(db) + extra);
    }
}
