package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.Methods;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.PortalFixture;

/**
 * The worker pool keeps only a few threads while idle but still grows to {@code worker_threads}
 * under load: as many blocking requests as there are workers run at the same time. Each request
 * waits until all of them have started, so the test passes only if they truly run together.
 */
class WorkerPoolIT {
    private static final int WORKERS = 8;

    @Test
    void asManyBlockingRequestsAsWorkersRunAtOnce() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(WORKERS);
        RouteGroup slow = routes -> routes.blocking(Methods.GET, "/test/together", exchange -> {
            allStarted.countDown();
            boolean together = allStarted.await(20, TimeUnit.SECONDS);
            Responses.json(exchange, together ? 200 : 504, java.util.Map.of("together", together));
        });
        try (PortalFixture portal = PortalFixture.start(settings -> settings.workerThreads(WORKERS), List.of(slow))) {
            ExecutorService clients = Executors.newFixedThreadPool(WORKERS);
            try {
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < WORKERS; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> portal.get("/test/together"), clients));
                }
                for (CompletableFuture<HttpResponse<String>> call : calls) {
                    assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
