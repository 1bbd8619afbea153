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
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
        DatabaseSettings settings = newDatabase();
        JdbcInviteTokens first = open(settings).tokens(clock, LIFETIME);
        JdbcInviteTokens second = open(settings).tokens(clock, LIFETIME);
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
                    return instance.reserve(name, clock.instant());
                };
                outcomes.add(threads.submit(attempt));
            }
            start.countDown();
            int reserved = 0;
            for (Future<ReserveOutcome> outcome : outcomes) {
                if (outcome.get(2, TimeUnit.MINUTES) instanceof Reservation reservation) {
                    reserved++;
                    JdbcInviteTokens other = reserved % 2 == 0 ? first : second;
                    assertThat(other.complete(reservation, "@user" + reserved + ":example.org", clock.instant(),
                            Optional.empty())).isTrue();
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
                            .containsEntry("schema_version", "1");
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
        assertThat(report.version()).isEqualTo("1");
        assertThat(report.applied()).containsExactly("1 invite tokens");
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
        assertThat(onDemand.version()).isEqualTo("1");
        assertThat(reopened.startupMigration().applied()).isEmpty();
        assertThat(reopened.startupMigration().versionBefore()).contains("1");
        assertThat(reopened.tokens(clock).find(new TokenName("Kept"))).isPresent();
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
                .hasMessageContaining("schema version 999, newer than this version of matrix-registration knows (1)")
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
        assertThat(up.facts()).containsEntry("schema_version", "1")
                .containsEntry("kind", settingsKind(database));
        assertThat(down.healthy()).isFalse();
        assertThat(down.detail()).contains(database.url().location());
    }

    @Test
    void aCompletionLaterThanTheLifetimeStillFindsItsReservation() {
        JdbcInviteTokens tokens = open(newDatabase()).tokens(clock, LIFETIME);
        tokens.add(token("Slow", 1));
        tokens.add(token("Other", 0));
        Reservation slow = (Reservation) tokens.reserve(new TokenName("Slow"), clock.instant());

        clock.advance(LIFETIME.multipliedBy(3).dividedBy(2));
        tokens.reserve(new TokenName("Other"), clock.instant());

        assertThat(tokens.complete(slow, "@slow:example.org", clock.instant(), Optional.empty())).isTrue();
        assertThat(tokens.find(new TokenName("Slow")).orElseThrow().completedUses()).isEqualTo(1);
    }

    @Test
    void reservationsOlderThanTwiceTheLifetimeAreSweptAway() {
        TokenDatabase database = open(newDatabase());
        JdbcInviteTokens tokens = database.tokens(clock, LIFETIME);
        tokens.add(token("Abandoned", 1));
        tokens.add(token("Other", 0));
        Reservation abandoned = (Reservation) tokens.reserve(new TokenName("Abandoned"), clock.instant());

        clock.advance(LIFETIME.multipliedBy(2).plusMinutes(2));
        tokens.reserve(new TokenName("Other"), clock.instant());

        assertThat(reservationsOf(database, "Abandoned")).isZero();
        assertThat(reservationsOf(database, "Other")).isEqualTo(1);
        assertThat(tokens.complete(abandoned, "@late:example.org", clock.instant(), Optional.empty())).isFalse();
    }

    @Test
    void keepsTimesToTheMicrosecond() {
        JdbcInviteTokens tokens = open(newDatabase()).tokens(clock, LIFETIME);
        Instant created = Instant.parse("2026-06-01T12:00:00.123456Z");
        Instant expiry = Instant.parse("2026-12-31T23:59:59.999999999Z");
        tokens.add(InviteToken.fresh(new TokenName("Precise"), UsageLimit.of(1), Optional.of(expiry), "", created));

        InviteToken found = tokens.find(new TokenName("Precise")).orElseThrow();

        assertThat(found.createdAt()).isEqualTo(created);
        assertThat(found.expiresAt()).contains(Instant.parse("2026-12-31T23:59:59.999999Z"));
    }

    @Test
    void keepsNotesAndTimesBeforeTheEpoch() {
        JdbcInviteTokens tokens = open(newDatabase()).tokens(clock, LIFETIME);
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
