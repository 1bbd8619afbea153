package org.matrixregistration.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Token buckets per client key (see {@link ClientAddresses#rateLimitKey}), one bandwidth per
 * configured {@link RateLimit}, all of which must allow a request.
 *
 * <p>The state is bounded: at most {@code maxClients} keys are kept, and a key unused for the
 * longest period is dropped (its bucket would be full again by then anyway). Buckets refill
 * greedily, so "10 per minute" allows a burst of 10 and then one every six seconds.
 */
public final class ClientRateLimiter {
    private final List<RateLimit> limits;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    /** @param time the clock buckets refill by; {@link TimeMeter#SYSTEM_MILLISECONDS} in production */
    public ClientRateLimiter(List<RateLimit> limits, int maxClients, TimeMeter time) {
        this.limits = List.copyOf(limits);
        this.time = time;
        Duration longest = limits.stream().map(RateLimit::period).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxClients)
                .expireAfterAccess(longest.isZero() ? Duration.ofMinutes(1) : longest)
                .build();
    }

    /** Takes one request from the client's allowance; empty if allowed, else how long to wait. */
    public Optional<Duration> acquire(String client) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        ConsumptionProbe probe = bucket(client).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(delay(probe.getNanosToWaitForRefill()));
    }

    /** Whether the client has allowance left, without taking any; empty if so, else how long to wait. */
    public Optional<Duration> check(String client) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        Bucket bucket = buckets.getIfPresent(client);
        if (bucket == null) {
            return Optional.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(delay(probe.getNanosToWaitForRefill()));
    }

    /** Counts one event against the client without refusing anything (a failed token attempt). */
    public void record(String client) {
        if (!limits.isEmpty()) {
            bucket(client).tryConsume(1);
        }
    }

    private Bucket bucket(String client) {
        return buckets.get(client, key -> newBucket());
    }

    private Bucket newBucket() {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
        for (RateLimit limit : limits) {
            builder.addLimit(Bandwidth.builder()
                    .capacity(limit.permits())
                    .refillGreedy(limit.permits(), limit.period())
                    .build());
        }
        return builder.build();
    }

    private static Duration delay(long nanos) {
        return Duration.ofNanos(Math.max(nanos, 0));
    }
}
