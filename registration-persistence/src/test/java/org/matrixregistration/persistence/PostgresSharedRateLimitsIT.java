package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.persistence.testing.PostgresServer;

/** Rate-limit buckets in PostgreSQL: two instances on one database draw from one bucket. */
class PostgresSharedRateLimitsIT {
    private static final BucketConfiguration FIVE_PER_HOUR = BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(5).refillGreedy(5, Duration.ofHours(1)).build())
            .build();

    @TempDir
    Path directory;

    @Test
    void twoInstancesOnOneDatabaseShareEveryBucket() throws Exception {
        DatabaseSettings settings = DatabaseSettings.forDbSetting(PostgresServer.shared().newDbSetting(), Path.of("."));
        try (TokenDatabase first = TokenDatabase.open(settings); TokenDatabase second = TokenDatabase.open(settings)) {
            ProxyManager<String> a = first.rateLimitBuckets().orElseThrow();
            ProxyManager<String> b = second.rateLimitBuckets().orElseThrow();

            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ProxyManager<String> instance = i % 2 == 0 ? a : b;
                takes.add(threads.submit(() -> bucket(instance, "guess/203.0.113.9").tryConsume(1)));
            }
            int taken = 0;
            for (Future<Boolean> take : takes) {
                taken += take.get() ? 1 : 0;
            }
            threads.shutdown();

            assertThat(taken).as("16 concurrent takes from two instances of a 5-permit bucket").isEqualTo(5);
            assertThat(bucket(a, "guess/203.0.113.9").getAvailableTokens()).isZero();
            assertThat(bucket(b, "guess/203.0.113.10").getAvailableTokens()).as("another key").isEqualTo(5);
        }
    }

    @Test
    void sqliteHasNoSharedStore() {
        try (TokenDatabase database = TokenDatabase.open(
                DatabaseSettings.defaults(DatabaseUrl.sqlite(directory.resolve("db.sqlite3"))))) {
            assertThat(database.rateLimitBuckets()).isEmpty();
        }
    }

    private static BucketProxy bucket(ProxyManager<String> buckets, String key) {
        return buckets.builder().build(key, () -> FIVE_PER_HOUR);
    }
}
