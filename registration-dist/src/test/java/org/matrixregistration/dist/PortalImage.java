package org.matrixregistration.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The portal's container image, built once per test JVM from {@code registration-dist/Dockerfile},
 * the packaged jar and its launcher, and the {@code docker} command line to run it as a self-hoster does.
 */
final class PortalImage {
    private static final Path CONTEXT = Path.of(System.getProperty("matrixRegistration.dockerContext", "."));
    /** The launcher, which the build puts beside the jar's directory; the image runs the jar through it. */
    private static final Path LAUNCHER = PackagedJar.JAR.toAbsolutePath().getParent().resolve("bin/matrix-registration");
    private static String name;

    record Result(int exitCode, String out, String err) {}

    private PortalImage() {}

    /** The image's name, building it on first use. */
    static synchronized String name() {
        if (name == null) {
            name = new ImageFromDockerfile("matrix-registration/portal-test", false)
                    .withFileFromPath("Dockerfile", CONTEXT.resolve("Dockerfile"))
                    .withFileFromPath("target/matrix-registration.jar", PackagedJar.JAR)
                    .withFileFromPath("target/bin/matrix-registration", LAUNCHER)
                    .get();
        }
        return name;
    }

    /** Runs {@code docker ARGS} and waits at most two minutes for it. */
    static Result docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker did not finish within 120 s: " + command);
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
