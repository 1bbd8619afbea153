package org.matrixregistration.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Token buckets per client key (see {@link ClientAddresses#rateLimitKey}), one bandwidth per
 * configured {@link RateLimit}, all of which must allow a request. The buckets live where its
 * {@link RateLimitStore} keeps them: in this process, or shared by every instance.
 *
 * <p>The in-process state is bounded: at most {@code maxClients} keys are kept, and a key unused
 * for the longest period is dropped (its bucket would be full again by then anyway). Under a flood
 * of new keys the cache keeps the keys used most (Caffeine's admission policy), and the limits that
 * matter most against such a flood (per IPv6 /48, for all clients) have few, busy keys.
 * Buckets refill greedily, so "10 per minute" allows a burst of 10 and then one every six seconds.
 */
public final class ClientRateLimiter {
    private final String name;
    private final List<RateLimit> limits;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;
    private final RateLimitStore store;
    private final BucketConfiguration configuration;
    private final String sharedPrefix;

    /**
     * A limiter whose buckets live in this process.
     *
     * @param time the clock buckets refill by; {@link TimeMeter#SYSTEM_MILLISECONDS} in production
     */
    public ClientRateLimiter(List<RateLimit> limits, int maxClients, TimeMeter time) {
        this("local", limits, maxClients, time, RateLimitStore.inProcess(time));
    }

    ClientRateLimiter(String name, List<RateLimit> limits, int maxClients, TimeMeter time, RateLimitStore store) {
        this.name = name;
        this.limits = List.copyOf(limits);
        this.time = time;
        this.store = store;
        Duration longest = limits.stream().map(RateLimit::period).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxClients)
                .expireAfterAccess(longest.isZero() ? Duration.ofMinutes(1) : longest)
                .build();
        ConfigurationBuilder builder = BucketConfiguration.builder();
        for (RateLimit limit : this.limits) {
            builder.addLimit(Bandwidth.builder().capacity(limit.permits()).refillGreedy(limit.permits(), limit.period())
                    .build());
        }
        this.configuration = this.limits.isEmpty() ? null : builder.build();
        // Changed limits make new keys: a bucket's stored configuration would otherwise outlive them.
        this.sharedPrefix = name + "/" + this.limits.stream().map(l -> l.permits() + "p" + l.period().toSeconds())
                .collect(Collectors.joining(",")) + "/";
    }

    /** Whether asking this limiter may block on I/O (its buckets are shared), so not on an I/O thread. */
    public boolean blocks() {
        return store.blocks() && !limits.isEmpty();
    }

    /** Takes one request from the client's allowance; empty if allowed, else how long to wait. */
    public Optional<Duration> acquire(String client) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        ConsumptionProbe probe = withBucket(client, bucket -> bucket.tryConsumeAndReturnRemaining(1));
        return probe.isConsumed() ? Optional.empty() : Optional.of(delay(probe.getNanosToWaitForRefill()));
    }

    /** Whether the client has allowance left, without taking any; empty if so, else how long to wait. */
    public Optional<Duration> check(String client) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        EstimationProbe probe = withBucket(client, bucket -> bucket.estimateAbilityToConsume(1));
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(delay(probe.getNanosToWaitForRefill()));
    }

    /** Counts one event against the client without refusing anything (a failed admin secret). */
    public void record(String client) {
        if (!limits.isEmpty()) {
            withBucket(client, bucket -> bucket.tryConsume(1));
        }
    }

    /** Gives back one request taken by {@link #acquire}, up to the full allowance. */
    public void refund(String client) {
        if (!limits.isEmpty()) {
            withBucket(client, bucket -> {
                bucket.addTokens(1);
                return null;
            });
        }
    }

    private <T> T withBucket(String client, Function<Bucket, T> operation) {
        return store.apply(sharedPrefix + client, configuration, operation)
                .orElseGet(() -> operation.apply(buckets.get(client, key -> newBucket())));
    }

    private Bucket newBucket() {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
        for (Bandwidth bandwidth : configuration.getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }

    private static Duration delay(long nanos) {
        return Duration.ofNanos(Math.max(nanos, 0));
    }

    @Override
    public String toString() {
        return name + " " + limits;
    }
}
