package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.web.testing.ScriptedHomeserver;
import org.xnio.XnioWorker;
import org.xnio.management.XnioWorkerMXBean;

/**
 * Threads started ahead of a portal ({@link PortalThreads}) are the ones it serves with, sized as
 * the settings say, and they end with the portal, or with a start that fails.
 */
class PortalThreadsIT {
    private static final UsernameRules USERNAMES = UsernameRules.forServer("example.org");
    private static final PasswordRules PASSWORDS = PasswordRules.defaults();

    private static RegistrationPortal portal(WebSettings settings, PortalThreads threads) {
        ScriptedHomeserver homeserver = new ScriptedHomeserver();
        RegistrationService service = new RegistrationService(new InMemoryInviteTokens(), homeserver, USERNAMES,
                PASSWORDS, false, Clock.systemUTC());
        return new RegistrationPortal(service, homeserver, USERNAMES, PASSWORDS, settings, List.of(),
                RateLimitStore.inProcess(), threads);
    }

    private static WebSettings settings(int port) {
        return WebSettings.builder().host("127.0.0.1").port(port).ioThreads(1).workerThreads(5).build();
    }

    @Test
    void servesWithTheThreadsStartedAheadAndStopsThem() throws Exception {
        WebSettings settings = settings(0);
        PortalThreads threads = PortalThreads.start(settings);
        RegistrationPortal portal = portal(settings, threads);
        int port = portal.start();
        XnioWorker worker = threads.worker();
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("OK");
            XnioWorkerMXBean sizes = worker.getMXBean();
            assertThat(sizes.getIoThreadCount()).isEqualTo(1);
            assertThat(sizes.getCoreWorkerPoolSize()).as("kept while idle").isEqualTo(PortalThreads.IDLE_WORKERS);
            assertThat(sizes.getMaxWorkerPoolSize()).isEqualTo(5);
            assertThat(threadsNamed(worker.getName())).isNotEmpty();
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith(worker.getName() + " "))
                    .as("made from a daemon thread, they still keep the JVM running while the portal serves")
                    .noneMatch(Thread::isDaemon);
        } finally {
            portal.stop();
        }
        assertThat(worker.isShutdown()).isTrue();
        assertThat(worker.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(threadsNamed(worker.getName())).as("no thread of the worker outlives the portal").isEmpty();
    }

    @Test
    void aStartThatCannotBindStopsTheThreads() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WebSettings settings = settings(taken.getLocalPort());
            PortalThreads threads = PortalThreads.start(settings);
            RegistrationPortal portal = portal(settings, threads);
            assertThatThrownBy(portal::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(threads.worker().isShutdown()).isTrue();
        }
    }

    private static List<String> threadsNamed(String workerName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(workerName + " "))
                .toList();
    }
}
