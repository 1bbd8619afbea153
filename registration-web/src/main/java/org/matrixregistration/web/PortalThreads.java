package org.matrixregistration.web;

import io.undertow.Undertow;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * A {@link RegistrationPortal}'s threads: Undertow's I/O threads and the pool of workers for
 * blocking work, sized by {@link WebSettings}.
 *
 * <p>They are made on a thread of their own from {@link #start}, so that a composition root can
 * start them as soon as the settings are known and build its routes meanwhile: the I/O library's
 * own start (its version files and loggers, a selector, management beans, the threads themselves)
 * is about 20 ms of interpreted code at start-up, which otherwise comes between the last route and
 * the first answer. A portal given none makes its own when it starts.
 *
 * <p>The portal that is given them stops them; {@link #close} is for threads that never reached a
 * portal (a start that failed before).
 */
public final class PortalThreads implements AutoCloseable {
    /** Worker threads kept while idle; more start on demand, up to {@code WebSettings.workerThreads}. */
    static final int IDLE_WORKERS = 2;
    static final Duration WORKER_KEEP_ALIVE = Duration.ofSeconds(30);
    /** Undertow's own defaults for a worker it makes itself: no connection limit, packets not delayed. */
    private static final int CONNECTION_WATER_MARK = 1_000_000;

    private final CompletableFuture<XnioWorker> worker;

    private PortalThreads(CompletableFuture<XnioWorker> worker) {
        this.worker = worker;
    }

    /** Starts making the threads on a thread of its own; returns at once. */
    public static PortalThreads start(WebSettings settings) {
        Objects.requireNonNull(settings, "settings");
        CompletableFuture<XnioWorker> worker = new CompletableFuture<>();
        Thread maker = new Thread(() -> {
            try {
                worker.complete(create(settings));
            } catch (IOException | RuntimeException | Error e) {
                worker.completeExceptionally(e);
            }
        }, "portal-threads-start");
        // Not a daemon: XNIO's threads take that from the thread that makes them, and as daemons
        // they would let a process whose main thread returns after start() end while it serves.
        // This one ends as soon as they are made.
        maker.setDaemon(false);
        maker.start();
        return new PortalThreads(worker);
    }

    private static XnioWorker create(WebSettings settings) throws IOException {
        OptionMap options = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, settings.ioThreads())
                .set(Options.CONNECTION_HIGH_WATER, CONNECTION_WATER_MARK)
                .set(Options.CONNECTION_LOW_WATER, CONNECTION_WATER_MARK)
                // A portal is idle most of the time: after a burst, keep a few workers rather than all.
                .set(Options.WORKER_TASK_CORE_THREADS, Math.min(IDLE_WORKERS, settings.workerThreads()))
                .set(Options.WORKER_TASK_MAX_THREADS, settings.workerThreads())
                .set(Options.WORKER_TASK_KEEPALIVE, (int) WORKER_KEEP_ALIVE.toMillis())
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .getMap();
        return Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(options);
    }

    /** The threads, waiting for them to be made; throws what making them threw. */
    XnioWorker worker() {
        try {
            return worker.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("Cannot start the web server's threads: " + cause, cause);
        }
    }

    /**
     * Stops the threads: those idle at once, those busy within {@code busyFor}, after which they
     * are interrupted.
     */
    void stop(Duration busyFor) {
        XnioWorker threads;
        try {
            threads = worker.join();
        } catch (CompletionException e) {
            return;
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(busyFor.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads of a portal that never started (or was never made). */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
