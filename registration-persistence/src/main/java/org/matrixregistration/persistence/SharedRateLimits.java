package org.matrixregistration.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit buckets in the PostgreSQL database, shared by every portal instance that uses it, so
 * that the configured limits hold for the whole deployment rather than per instance. The store is
 * bucket4j's PostgreSQL module (a row per bucket, locked with {@code SELECT ... FOR UPDATE} while
 * it is updated) over table {@code rate_limit_bucket} (schema V5); the web adapter sees it only as
 * bucket4j's {@link ProxyManager}, which the composition root hands over.
 *
 * <p>Its connections are a small pool of their own, so that a flood of limited requests never
 * waits for the token store's connections, nor they for it; a connection is waited for at most
 * {@link #CONNECTION_WAIT} and a statement runs at most {@link #REQUEST_TIMEOUT} (a row lock on a
 * busy bucket included), after which the caller falls back to its in-process buckets. Rows of
 * buckets that would be full again are deleted every {@link #CLEAN_EVERY}.
 */
final class SharedRateLimits implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRateLimits.class);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(1);
    static final Duration CLEAN_EVERY = Duration.ofMinutes(10);
    private static final int POOL_SIZE = 4;
    private static final int CLEAN_BATCH = 1000;

    private final HikariDataSource pool;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final ScheduledExecutorService cleaner;

    private SharedRateLimits(HikariDataSource pool) {
        this.pool = pool;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // A row may go a minute after its bucket is full again: it would start full anyway.
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .requestTimeout(REQUEST_TIMEOUT)
                .build();
        this.cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rate-limit-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.scheduleWithFixedDelay(this::removeExpired, CLEAN_EVERY.toMillis(), CLEAN_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Opens the pool (lazily: nothing connects until a limit is asked) over the token store's database. */
    static SharedRateLimits open(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("matrix-registration-limits");
        config.setDataSource(DataSources.create(settings, DataSources.Purpose.STORE));
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setInitializationFailTimeout(-1);
        return new SharedRateLimits(new HikariDataSource(config));
    }

    ProxyManager<String> buckets() {
        return buckets;
    }

    /** Deletes the rows of full buckets; returns how many. */
    int removeExpired() {
        int removed = 0;
        try {
            int batch;
            do {
                batch = buckets.removeExpired(CLEAN_BATCH);
                removed += batch;
            } while (batch == CLEAN_BATCH);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete expired rate-limit buckets; trying again in {} min: {}", CLEAN_EVERY.toMinutes(),
                    e.getClass().getSimpleName());
        }
        return removed;
    }

    @Override
    public void close() {
        cleaner.shutdownNow();
        pool.close();
    }
}
