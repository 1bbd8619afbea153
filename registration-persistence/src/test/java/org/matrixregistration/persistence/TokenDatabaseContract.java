package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * What the JDBC store promises beyond the port's contract, on each database: several processes
 * sharing one database, the schema's migrations, the health check, and the clean-up of abandoned
 * reservations. Each database's test says how to make a new, empty database.
 */
abstract class TokenDatabaseContract {
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final List<TokenDatabase> opened = new ArrayList<>();

    /** Settings for a new, empty database; each call names another one. */
    protected abstract DatabaseSettings newDatabase();

    protected TokenDatabase open(DatabaseSettings settings) {
        TokenDatabase database = TokenDatabase.open(settings);
        synchronized (opened) {
            opened.add(database);
        }
        return database;
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }

    @Test
    void twoInstancesOnOneDatabaseAdmitASingleUseOnce() throws Exception {
        assertTwoInstancesAdmitExactly(1, 32);
    }

    @Test
    void twoInstancesOnOneDatabaseAdmitFiveUsesFiveTimes() throws Exception {
        assertTwoInstancesAdmitExactly(5, 32);
    }

    /** Two pools, as two portal processes would have, race for one token from many threads. */
    private void assertTwoInstancesAdmitExactly(int limit, int attempts) throws Exception {
        AtomicInteger users = new AtomicInteger();
        DatabaseSettings settings = newDatabase();
        JdbcInviteTokens first = open(settings).tokens(clock);
        JdbcInviteTokens second = open(settings).tokens(clock);
        TokenName name = new TokenName("Contended");
        first.add(InviteToken.fresh(name, UsageLimit.of(limit), Optional.empty(), "", clock.instant()));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<ReserveOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                JdbcInviteTokens instance = i % 2 == 0 ? first : second;
                Callable<ReserveOutcome> attempt = () -> {
                    start.await();
                    return instance.reserve(name, new UserId("user" + users.incrementAndGet(), "example.org"),
                            clock.instant());
                };
                outcomes.add(threads.submit(attempt));
            }
            start.countDown();
            int reserved = 0;
            for (Future<ReserveOutcome> outcome : outcomes) {
                if (outcome.get(2, TimeUnit.MINUTES) instanceof Reservation reservation) {
                    reserved++;
                    JdbcInviteTokens other = reserved % 2 == 0 ? first : second;
                    assertThat(other.complete(reservation, clock.instant(), Optional.empty())).isTrue();
                }
            }
            assertThat(reserved).isEqualTo(limit);
            assertThat(second.find(name).orElseThrow().completedUses()).isEqualTo(limit);
            assertThat(first.uses(name)).hasSize(limit);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void instancesStartingTogetherOnANewDatabaseAllStart() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 3; round++) {
                DatabaseSettings settings = newDatabase();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<TokenDatabase>> instances = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    instances.add(threads.submit(() -> {
                        start.await();
                        return open(settings);
                    }));
                }
                start.countDown();
                for (Future<TokenDatabase> instance : instances) {
                    assertThat(instance.get(2, TimeUnit.MINUTES).health().check().facts())
                            .containsEntry("schema_version", "6");
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFreshDatabaseIsMigratedToTheNewestSchema() {
        TokenDatabase database = open(newDatabase());

        MigrationReport report = database.startupMigration();

        assertThat(report.versionBefore()).isEmpty();
        assertThat(report.version()).isEqualTo("6");
        assertThat(report.applied()).containsExactly("1 invite tokens", "2 settled reservations", "3 admin sessions", "4 approval",
                "5 rate limit buckets", "6 homeserver tokens");
    }

    @Test
    void migratingAgainChangesNothing() {
        DatabaseSettings settings = newDatabase();
        TokenDatabase database = open(settings);
        database.tokens(clock).add(InviteToken.fresh(new TokenName("Kept"), UsageLimit.UNLIMITED, Optional.empty(), "",
                clock.instant()));

        MigrationReport onDemand = database.migrate();
        database.close();
        TokenDatabase reopened = open(settings);

        assertThat(onDemand.changedSchema()).isFalse();
        assertThat(onDemand.version()).isEqualTo("6");
        assertThat(reopened.startupMigration().applied()).isEmpty();
        assertThat(reopened.startupMigration().versionBefore()).contains("6");
        assertThat(reopened.tokens(clock).find(new TokenName("Kept"))).isPresent();
    }

    /**
     * Opening a current schema only reads the history; Flyway's validation runs on {@code db
     * migrate}. Shown by a recorded checksum that no longer matches its file: open still works,
     * the full migration refuses it.
     */
    @Test
    void opensACurrentSchemaWithoutFlywaysValidationWhichDbMigrateStillRuns() {
        DatabaseSettings settings = newDatabase();
        TokenDatabase first = open(settings);
        first.jdbc().autoCommit("tamper with a checksum", connection -> {
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
            }
        });
        first.close();

        TokenDatabase reopened = open(settings);

        assertThat(reopened.startupMigration().applied()).isEmpty();
        assertThat(reopened.startupMigration().version()).isEqualTo(reopened.startupMigration().versionBefore().orElseThrow());
        assertThatThrownBy(reopened::migrate).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void refusesADatabaseWhoseSchemaIsNewerThanTheCode() {
        DatabaseSettings settings = newDatabase();
        open(settings).close();
        Flyway.configure()
                .dataSource(DataSources.create(settings, DataSources.Purpose.STORE))
                .locations("classpath:db/migration", "classpath:db/future")
                .placeholders(Map.of("id_column", Dialect.of(settings.url().kind()).idColumn))
                .load()
                .migrate();

        assertThatThrownBy(() -> open(settings))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("schema version 999, newer than this version of matrix-registration knows (6)")
                .hasMessageContaining("setting 'db'")
                .hasMessageContaining(settings.url().location())
                .hasMessageNotContaining("\n");
    }

    @Test
    void healthCheckSaysWhetherTheDatabaseAnswers() {
        TokenDatabase database = open(newDatabase());

        HealthReport up = database.health().check();
        database.close();
        HealthReport down = database.health().check();

        assertThat(database.health().component()).isEqualTo("database");
        assertThat(up.healthy()).isTrue();
        assertThat(up.facts()).containsEntry("schema_version", "6")
                .containsEntry("kind", settingsKind(database));
        assertThat(down.healthy()).isFalse();
        assertThat(down.detail()).contains(database.url().location());
    }

    /** A reservation left by version 1 names no account: it ages out as it did then, once stale. */
    @Test
    void reservationsWithoutAnAccountFromTheFirstSchemaAgeOutOnceStale() {
        TokenDatabase database = open(newDatabase());
        JdbcInviteTokens tokens = database.tokens(clock);
        tokens.add(token("Legacy", 1));
        database.jdbc().autoCommit("insert a version 1 reservation", connection -> Jdbc.update(connection,
                "INSERT INTO token_reservation (id, token_name, reserved_at) VALUES ('v1', 'Legacy', ?)",
                TokenRows.micros(clock.instant())));
        assertThat(tokens.find(new TokenName("Legacy")).orElseThrow().pendingUses()).isEqualTo(1);

        assertThat(tokens.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10)).isEmpty();
        assertThat(reservationsOf(database, "Legacy")).isEqualTo(1);
        clock.advance(LIFETIME.plusSeconds(1));
        assertThat(tokens.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10)).isEmpty();
        assertThat(reservationsOf(database, "Legacy")).isZero();
    }

    @Test
    void aUseIsRecordedOncePerReservationEvenByTwoInstances() {
        DatabaseSettings settings = newDatabase();
        JdbcInviteTokens first = open(settings).tokens(clock);
        JdbcInviteTokens second = open(settings).tokens(clock);
        first.add(token("Once", 0));
        Reservation reservation = (Reservation) first.reserve(new TokenName("Once"),
                new UserId("alice", "example.org"), clock.instant());

        assertThat(first.complete(reservation, clock.instant(), Optional.empty())).isTrue();
        assertThat(second.complete(reservation, clock.instant(), Optional.empty())).isFalse();

        assertThat(second.find(new TokenName("Once")).orElseThrow().completedUses()).isEqualTo(1);
        assertThat(second.uses(new TokenName("Once"))).hasSize(1);
    }

    @Test
    void keepsTimesToTheMicrosecond() {
        JdbcInviteTokens tokens = open(newDatabase()).tokens(clock);
        Instant created = Instant.parse("2026-06-01T12:00:00.123456Z");
        Instant expiry = Instant.parse("2026-12-31T23:59:59.999999999Z");
        tokens.add(InviteToken.fresh(new TokenName("Precise"), UsageLimit.of(1), Optional.of(expiry), "", created));

        InviteToken found = tokens.find(new TokenName("Precise")).orElseThrow();

        assertThat(found.createdAt()).isEqualTo(created);
        assertThat(found.expiresAt()).contains(Instant.parse("2026-12-31T23:59:59.999999Z"));
    }

    @Test
    void keepsNotesAndTimesBeforeTheEpoch() {
        JdbcInviteTokens tokens = open(newDatabase()).tokens(clock);
        Instant longAgo = Instant.parse("1969-07-20T20:17:40.5Z");
        InviteToken token = InviteToken.fresh(new TokenName("Apollo"), UsageLimit.of(2), Optional.of(longAgo),
                "für \"die\" Schwester; DROP TABLE invite_token; --", longAgo);
        tokens.add(token);

        assertThat(tokens.find(token.name())).contains(token);
    }

    private InviteToken token(String name, int maxUses) {
        return InviteToken.fresh(new TokenName(name), maxUses == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(maxUses),
                Optional.empty(), "", clock.instant());
    }

    private static long reservationsOf(TokenDatabase database, String token) {
        return database.jdbc().autoCommit("count reservations", connection -> {
            try (var statement = Jdbc.prepare(connection,
                    "SELECT COUNT(*) FROM token_reservation WHERE token_name = ?", token);
                    var row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private static String settingsKind(TokenDatabase database) {
        return database.url().kind() == DatabaseUrl.Kind.SQLITE ? "sqlite" : "postgresql";
    }
}
