package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A shared store that is not there yet, or fails, leaves the limits in force in this process. */
class RateLimitStoreTest {
    private static final List<RateLimit> TWO_PER_MINUTE = RateLimit.parseAll(List.of("2 per minute"));

    @SuppressWarnings("unchecked")
    private static ProxyManager<String> failing(AtomicInteger calls) {
        return (ProxyManager<String>) Proxy.newProxyInstance(RateLimitStoreTest.class.getClassLoader(),
                new Class<?>[] {ProxyManager.class}, (proxy, method, args) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("the database is down");
                });
    }

    @Test
    void aFailingSharedStoreFallsBackToThisProcessAndIsLeftAloneForAWhile() {
        AtomicInteger calls = new AtomicInteger();
        RateLimitStore store = RateLimitStore.shared(CompletableFuture.completedFuture(Optional.of(failing(calls))));
        ClientRateLimiter limiter = store.limiter("sign-up", TWO_PER_MINUTE, 100);

        assertThat(limiter.blocks()).isTrue();
        assertThat(limiter.acquire("203.0.113.1")).isEmpty();
        assertThat(limiter.acquire("203.0.113.1")).isEmpty();
        assertThat(limiter.acquire("203.0.113.1")).as("still limited").isPresent();
        assertThat(calls).as("tried once, then left alone for %s", RateLimitStore.FALLBACK).hasValue(1);
    }

    @Test
    void aStoreThatIsNotOpenYetOrAbsentLeavesTheLimitsInThisProcess() {
        ClientRateLimiter opening = RateLimitStore.shared(new CompletableFuture<>()).limiter("guess", TWO_PER_MINUTE, 100);
        ClientRateLimiter none = RateLimitStore.shared(CompletableFuture.completedFuture(Optional.empty()))
                .limiter("guess", TWO_PER_MINUTE, 100);
        for (ClientRateLimiter limiter : List.of(opening, none)) {
            limiter.acquire("198.51.100.1");
            limiter.acquire("198.51.100.1");
            assertThat(limiter.acquire("198.51.100.1")).isPresent();
            limiter.refund("198.51.100.1");
            assertThat(limiter.acquire("198.51.100.1")).as("a refund gives one back").isEmpty();
        }
        assertThat(RateLimitStore.inProcess().limiter("x", TWO_PER_MINUTE, 100).blocks()).isFalse();
    }
}
