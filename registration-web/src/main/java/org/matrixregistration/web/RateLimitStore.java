package org.matrixregistration.web;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the rate limiters keep their buckets: in this process ({@link #inProcess}), or in a store
 * that every portal instance shares ({@link #shared}), so that N instances behind one load
 * balancer allow the configured rate, not N times it.
 *
 * <p>The shared store is bucket4j's own {@link ProxyManager}: a library interface that both this
 * adapter and the persistence adapter see, so neither depends on the other (the composition root
 * hands one to the other). Its buckets are keyed by the limiter's name, its limits and the client
 * key, so that changed limits start afresh instead of inheriting old state.
 *
 * <p>A shared store can fail (the database is down or slow): then each limiter uses its
 * in-process buckets for {@link #FALLBACK} before it tries the store again, and says so in the log
 * once per outage. Limits never switch off. While the store is not yet available (the database
 * opens after the listener), the in-process buckets serve too.
 */
public final class RateLimitStore {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitStore.class);
    /** How long limiters stay on their in-process buckets after the shared store failed. */
    static final Duration FALLBACK = Duration.ofSeconds(30);

    private final TimeMeter time;
    private final Optional<CompletableFuture<Optional<ProxyManager<String>>>> shared;
    private final AtomicLong failingUntil = new AtomicLong(System.nanoTime());

    private RateLimitStore(TimeMeter time, Optional<CompletableFuture<Optional<ProxyManager<String>>>> shared) {
        this.time = Objects.requireNonNull(time, "time");
        this.shared = shared;
    }

    /** Buckets in this process only, refilled by {@code time}; what SQLite deployments (one instance) use. */
    public static RateLimitStore inProcess(TimeMeter time) {
        return new RateLimitStore(time, Optional.empty());
    }

    /** Buckets in this process only, by the system clock. */
    public static RateLimitStore inProcess() {
        return inProcess(TimeMeter.SYSTEM_MILLISECONDS);
    }

    /**
     * Buckets in the store {@code buckets} yields once it is open (empty: there is none, and
     * the in-process buckets serve for good). Calls to the store may block, so limiters over it
     * are consulted on worker threads.
     */
    public static RateLimitStore shared(CompletionStage<Optional<ProxyManager<String>>> buckets) {
        return new RateLimitStore(TimeMeter.SYSTEM_MILLISECONDS, Optional.of(buckets.toCompletableFuture()));
    }

    /** Whether asking a limiter may block on I/O; then it must not be asked on an I/O thread. */
    public boolean blocks() {
        return shared.isPresent();
    }

    /**
     * A limiter named {@code name} (part of the shared key; one name per kind of limit) that keeps
     * at most {@code maxClients} clients in its in-process buckets.
     */
    public ClientRateLimiter limiter(String name, List<RateLimit> limits, int maxClients) {
        return new ClientRateLimiter(name, limits, maxClients, time, this);
    }

    TimeMeter time() {
        return time;
    }

    /**
     * {@code operation} applied to the shared bucket {@code key}, or empty when there is no shared
     * store right now (not open yet, none at all, or failing): then the caller uses its own bucket.
     */
    <T> Optional<T> apply(String key, BucketConfiguration configuration, Function<Bucket, T> operation) {
        Optional<ProxyManager<String>> buckets = available();
        if (buckets.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(operation.apply(buckets.get().builder().build(key, () -> configuration)));
        } catch (RuntimeException e) {
            long now = System.nanoTime();
            long until = failingUntil.get();
            if (until - now < 0 && failingUntil.compareAndSet(until, now + FALLBACK.toNanos())) {
                LOG.warn("The shared rate-limit store failed ({}); every limit counts in this process alone for the"
                        + " next {} s", e.getClass().getSimpleName(), FALLBACK.toSeconds());
                LOG.debug("Shared rate-limit store failure", e);
            }
            return Optional.empty();
        }
    }

    private Optional<ProxyManager<String>> available() {
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        CompletableFuture<Optional<ProxyManager<String>>> future = shared.get();
        if (!future.isDone() || future.isCompletedExceptionally() || future.isCancelled()) {
            return Optional.empty();
        }
        if (failingUntil.get() - System.nanoTime() > 0) {
            return Optional.empty();
        }
        return future.join();
    }
}
