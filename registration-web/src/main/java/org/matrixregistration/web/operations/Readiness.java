package org.matrixregistration.web.operations;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.web.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health/ready}, in two views. The public one answers status only, {@code {"ready":
 * bool}}, 200 or 503, from a result at most {@link #PUBLIC_MAX_AGE} old: it is on the internet
 * and unthrottled, and the full checks cost a database query and several homeserver requests. The
 * detailed one (for admins, and on the metrics port) adds every check: {@code {"ready": bool,
 * "checks": [{"component", "healthy", "detail", "facts"}]}}, with addresses and versions, from a
 * fresh run. Either is 200 when every essential check is healthy, else 503. A check that is not
 * {@link HealthCheck#essential() essential} says {@code "essential": false} and never makes it 503.
 *
 * <p>The checks run in parallel on a few daemon threads and the answer waits at most the timeout:
 * a check that has not answered by then is reported unhealthy and interrupted. Requests that arrive
 * while a run is in progress share its result, so a flood of probes never multiplies the calls to
 * the database and the homeserver. A check that throws is reported by its exception's type only
 * (messages may hold addresses or worse); the details are logged.
 */
final class Readiness implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final List<HealthCheck> checks;
    private final Duration timeout;
    private final ExecutorService executor;
    private final AtomicReference<CompletableFuture<List<HealthReport>>> running = new AtomicReference<>();
    /** The last run's reports and when it ended ({@link System#nanoTime}). */
    private volatile Result last;

    /** How old a result the public view may answer from. */
    static final Duration PUBLIC_MAX_AGE = Duration.ofSeconds(5);

    private record Result(List<HealthReport> reports, long endedAt) {}

    Readiness(List<HealthCheck> checks, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the health check timeout must be positive; got " + timeout);
        }
        int threads = Math.max(2, this.checks.size() * 2);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons());
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** The detailed view, from a fresh run. */
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        List<HealthReport> reports = reports();
        boolean ready = ready(reports);
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            HealthReport report = reports.get(i);
            boolean essential = checks.get(i).essential();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("component", report.component());
            json.put("healthy", report.healthy());
            if (!essential) {
                json.put("essential", false);
            }
            json.put("detail", report.detail());
            json.put("facts", new TreeMap<>(report.facts()));
            body.add(json);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ready", ready);
        answer.put("checks", body);
        Responses.json(exchange, ready ? 200 : 503, answer);
    }

    /** The public view: status only, from a result at most {@link #PUBLIC_MAX_AGE} old. */
    void status(HttpServerExchange exchange) {
        Result recent = last;
        List<HealthReport> reports = recent != null && System.nanoTime() - recent.endedAt() < PUBLIC_MAX_AGE.toNanos()
                ? recent.reports() : reports();
        boolean ready = ready(reports);
        Responses.json(exchange, ready ? 200 : 503, Map.of("ready", ready));
    }

    private boolean ready(List<HealthReport> reports) {
        boolean ready = true;
        for (int i = 0; i < reports.size(); i++) {
            ready &= reports.get(i).healthy() || !checks.get(i).essential();
        }
        return ready;
    }

    List<HealthReport> reports() {
        CompletableFuture<List<HealthReport>> mine = new CompletableFuture<>();
        CompletableFuture<List<HealthReport>> current = running.compareAndExchange(null, mine);
        if (current != null) {
            return current.join();
        }
        try {
            List<HealthReport> reports = runAll();
            last = new Result(reports, System.nanoTime());
            mine.complete(reports);
            return reports;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.set(null);
        }
    }

    private List<HealthReport> runAll() {
        List<Future<HealthReport>> futures = new ArrayList<>();
        for (HealthCheck check : checks) {
            futures.add(executor.submit(check::check));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<HealthReport> reports = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            reports.add(await(checks.get(i), futures.get(i), deadline));
        }
        return reports;
    }

    private HealthReport await(HealthCheck check, Future<HealthReport> future, long deadline) {
        String component = check.component();
        try {
            HealthReport report = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return report != null ? report : HealthReport.unhealthy(component, "The check gave no report.", Map.of());
        } catch (TimeoutException e) {
            future.cancel(true);
            return HealthReport.unhealthy(component, "No answer within " + timeout.toMillis() + " ms.", Map.of());
        } catch (ExecutionException e) {
            LOG.warn("Health check {} failed", component, e.getCause());
            return HealthReport.unhealthy(component,
                    "The check failed (" + e.getCause().getClass().getSimpleName() + ").", Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return HealthReport.unhealthy(component, "Interrupted while checking.", Map.of());
        }
    }

    private static ThreadFactory daemons() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "health-check-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
