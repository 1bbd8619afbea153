package org.matrixregistration.dist.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the tests that start a portal outside their JVM (the packaged jar, the launcher, a
 * container) need: a port to give it, and to wait until it answers {@code /health}.
 */
public final class LocalPortal {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** How often a portal that is still starting is asked again; it is another process, so it is asked. */
    private static final Duration POLL = Duration.ofMillis(100);

    private LocalPortal() {}

    /**
     * Why the portal can no longer become healthy (it exited, its container stopped), or empty
     * while it still runs.
     */
    @FunctionalInterface
    public interface Gone {
        Optional<String> why() throws IOException, InterruptedException;
    }

    /** A loopback port free right now, for a portal to listen on (a clash would fail its start loudly). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A process that has exited is gone; what it wrote to {@code log} says why. */
    public static Gone process(Process process, Path log) {
        return () -> process.isAlive() ? Optional.empty()
                : Optional.of("the portal exited with " + process.exitValue() + ": " + Files.readString(log));
    }

    /**
     * Waits until {@code baseUrl/health} answers 200 and returns that answer; fails as soon as the
     * portal is {@code gone}, or after {@code timeout}.
     */
    public static HttpResponse<String> awaitHealthy(String baseUrl, Duration timeout, Gone gone)
            throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> why = gone.why();
            if (why.isPresent()) {
                throw new AssertionError(why.get());
            }
            try {
                HttpResponse<String> response = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("the portal did not answer " + health.uri() + " within " + timeout
                + gone.why().map(why -> ": " + why).orElse(""));
    }

    /** SIGTERM, as an init system stops the portal; fails (after a SIGKILL) if it is still running 20 s later. */
    public static void stop(Process portal) throws InterruptedException {
        portal.destroy();
        if (!portal.waitFor(20, TimeUnit.SECONDS)) {
            portal.destroyForcibly();
            throw new AssertionError("the portal did not stop within 20 s of SIGTERM");
        }
    }
}
