package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.PortalFixture;

/**
 * Clients that send their bodies slowly, on loopback and bounded in time: they hold connections,
 * never the worker threads, so sign-ups and health checks go on; one client cannot hold more than
 * its share of connections; a body that does not arrive in time is answered 408.
 *
 * <p>Each attacking "client" is its own loopback address (127.0.0.2, 127.0.0.3, ...), since the
 * per-client cap would otherwise stop them before they prove anything about the workers.
 */
class SlowClientIT {
    private static final String SIGN_UP = "username=%s&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki";
    private static final int DRIBBLERS = 40;
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(8);

    @Test
    void dribbledBodiesHoldNoWorkerAndAreCutOffAtTheDeadline() throws Exception {
        try (PortalFixture portal = PortalFixture.start(s -> s.workerThreads(4).requestBodyTimeout(BODY_DEADLINE));
                Dribblers dribblers = new Dribblers(portal.port())) {
            portal.addToken("DoubleWizardSki", 0);
            for (int i = 0; i < DRIBBLERS; i++) {
                dribblers.open(InetAddress.getByName("127.0.0." + (2 + i)));
            }
            Thread.sleep(1500);

            long started = System.nanoTime();
            HttpResponse<String> health = portal.send(portal.request("/health").timeout(Duration.ofSeconds(2)));
            Duration healthTook = since(started);
            started = System.nanoTime();
            HttpResponse<String> signUp = portal.send(portal.request("/register").timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(SIGN_UP.formatted("alice"))));
            Duration signUpTook = since(started);
            System.out.printf("SlowClientIT: %d dribbling connections on 4 workers; /health %d ms, sign-up %d ms%n",
                    DRIBBLERS, healthTook.toMillis(), signUpTook.toMillis());

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(signUp.statusCode()).isEqualTo(200);
            assertThat(healthTook).isLessThan(Duration.ofSeconds(2));
            assertThat(signUpTook).isLessThan(Duration.ofSeconds(2));

            List<String> answers = dribblers.awaitAnswers(BODY_DEADLINE.plusSeconds(10));
            assertThat(answers).hasSize(DRIBBLERS).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 408"));
            assertThat(portal.homeserver().creations()).isEqualTo(1);
        }
    }

    @Test
    void oneClientGetsNoMoreThanItsShareOfConnections() throws Exception {
        try (PortalFixture portal = PortalFixture.start(s -> s.maxConnectionsPerClient(5).requestBodyTimeout(BODY_DEADLINE));
                Dribblers dribblers = new Dribblers(portal.port())) {
            InetAddress greedy = InetAddress.getByName("127.0.0.77");
            for (int i = 0; i < 5; i++) {
                dribblers.open(greedy);
            }
            Thread.sleep(500);
            try (Socket sixth = new Socket()) {
                sixth.bind(new InetSocketAddress(greedy, 0));
                sixth.connect(new InetSocketAddress("127.0.0.1", portal.port()), 2000);
                sixth.setSoTimeout(3000);
                sixth.getOutputStream().write(headers(200).getBytes(StandardCharsets.US_ASCII));
                String answer = new String(sixth.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: 1");
            }
            assertThat(portal.get("/health").statusCode()).as("other clients are not affected").isEqualTo(200);
            dribblers.hangUp();

            // Once its requests are over, the client may connect again.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status;
            do {
                status = getFrom(greedy, portal.port());
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void refusesADeclaredOversizedBodyAtOnceAndAnswersExpectContinue() throws Exception {
        try (PortalFixture portal = PortalFixture.start()) {
            portal.addToken("DoubleWizardSki", 0);
            try (Socket socket = new Socket("127.0.0.1", portal.port())) {
                socket.setSoTimeout(3000);
                socket.getOutputStream().write(headers(10_000_000).getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 413").contains("M_TOO_LARGE");
            }
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> continued = client.send(HttpRequest.newBuilder(
                            java.net.URI.create(portal.url("/register"))).timeout(Duration.ofSeconds(5))
                    .expectContinue(true)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(SIGN_UP.formatted("bob"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(continued.statusCode()).isEqualTo(200);
        }
    }

    private static int getFrom(InetAddress local, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(3000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    private static String headers(int contentLength) {
        return "POST /register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Connections that send a sign-up's headers, then one byte of the body a second, for at most 30 s. */
    private static final class Dribblers implements AutoCloseable {
        private final int port;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<Socket> sockets = new ArrayList<>();
        private final List<Future<String>> answers = new ArrayList<>();

        Dribblers(int port) {
            this.port = port;
        }

        void open(InetAddress from) throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(30_000);
            synchronized (sockets) {
                sockets.add(socket);
            }
            OutputStream out = socket.getOutputStream();
            out.write(headers(200).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            threads.submit(() -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                try {
                    while (System.nanoTime() < end && !socket.isClosed()) {
                        out.write('a');
                        out.flush();
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the server closed the connection, or the test is over
                }
                return null;
            });
            answers.add(threads.submit(() -> {
                InputStream in = socket.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }));
        }

        List<String> awaitAnswers(Duration within) throws Exception {
            long end = System.nanoTime() + within.toNanos();
            List<String> all = new ArrayList<>();
            for (Future<String> answer : answers) {
                all.add(answer.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return all;
        }

        @Override
        public void close() {
            hangUp();
        }

        void hangUp() {
            synchronized (sockets) {
                for (Socket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
                sockets.clear();
            }
            threads.shutdownNow();
        }
    }
}
