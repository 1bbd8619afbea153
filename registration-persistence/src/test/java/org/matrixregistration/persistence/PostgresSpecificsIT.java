package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.account.UserId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.persistence.testing.PostgresServer;
import org.slf4j.LoggerFactory;

/** Start-up failures and the import from the old tool, against a real PostgreSQL server. */
class PostgresSpecificsIT {
    private static final Instant IN_2026 = Instant.parse("2026-06-01T12:00:00Z");

    /** The old tool's tables as SQLAlchemy created them on PostgreSQL, with the fixture's kinds of rows. */
    private static final String[] LEGACY_TABLES = {
        "CREATE TABLE ips (id SERIAL NOT NULL, address VARCHAR(255), PRIMARY KEY (id))",
        "CREATE TABLE tokens (name VARCHAR(255) NOT NULL, expiration_date TIMESTAMP WITHOUT TIME ZONE,"
                + " max_usage INTEGER, used INTEGER, disabled BOOLEAN, PRIMARY KEY (name))",
        "CREATE TABLE association (ips INTEGER NOT NULL, tokens VARCHAR(255) NOT NULL, PRIMARY KEY (ips, tokens),"
                + " FOREIGN KEY(ips) REFERENCES ips (id), FOREIGN KEY(tokens) REFERENCES tokens (name))",
        "INSERT INTO tokens VALUES ('LicenseBishopCabinet', NULL, 0, 2, false),"
                + " ('SmartIronicFloor', '2030-06-30 00:00:00', 3, 2, false),"
                + " ('SubjectPermitHunter', NULL, 5, 0, true), ('NothingSet', NULL, NULL, NULL, NULL)",
        "INSERT INTO ips (id, address) VALUES (1, '203.0.113.7, 127.0.0.1'), (2, '198.51.100.23, 127.0.0.1'),"
                + " (3, '203.0.113.8, 127.0.0.1')",
        "INSERT INTO association VALUES (2, 'LicenseBishopCabinet'), (1, 'LicenseBishopCabinet'), (3, 'SmartIronicFloor')",
    };

    private final PostgresServer server = PostgresServer.shared();
    private final MutableClock clock = new MutableClock(IN_2026);
    private final List<TokenDatabase> opened = new ArrayList<>();

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }

    @Test
    void aWrongPasswordIsReportedInOneLineWithoutIt() {
        String db = "postgresql://" + PostgresServer.USER + ":not-the-password@" + server.host() + ":" + server.port()
                + "/" + PostgresServer.DATABASE;

        assertThatThrownBy(() -> open(db))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("Cannot connect to the PostgreSQL database " + server.host() + ":" + server.port()
                        + "/" + PostgresServer.DATABASE + " (setting 'db'): ")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password")
                .hasMessageNotContaining("\n");
    }

    @Test
    void neverLogsThePassword() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        root.setLevel(Level.DEBUG);
        try {
            String jdbc = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + PostgresServer.DATABASE
                    + "?currentSchema=" + server.newSchema() + "&user=" + PostgresServer.USER + "&password="
                    + URLEncoder.encode(PostgresServer.PASSWORD, StandardCharsets.UTF_8);
            for (String db : List.of(jdbc, server.newDbSetting())) {
                TokenDatabase database = open(db);
                database.tokens(clock).find(new TokenName("Anything"));
                database.health().check();
            }
            assertThatThrownBy(() -> open(server.newDbSetting().replace(
                    URLEncoder.encode(PostgresServer.PASSWORD, StandardCharsets.UTF_8), "wrong-" + URLEncoder.encode(PostgresServer.PASSWORD, StandardCharsets.UTF_8))))
                    .isInstanceOf(DatabaseUnavailableException.class);
        } finally {
            root.setLevel(before);
            root.detachAppender(events);
        }

        assertThat(events.list).isNotEmpty();
        assertThat(events.list).noneSatisfy(event -> assertThat(event.getFormattedMessage() + " "
                + Optional.ofNullable(event.getThrowableProxy()).map(t -> t.getMessage()).orElse(""))
                .contains(PostgresServer.PASSWORD));
    }

    @Test
    void aSchemaWithAnotherApplicationsTablesIsRefused() {
        String schema = server.newSchema();
        server.execute("CREATE TABLE " + schema + ".events (id BIGINT)");

        assertThatThrownBy(() -> open(server.dbSetting(schema)))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("(setting 'db') already holds tables that are not the portal's (events)");
    }

    @Test
    void importsTheOldToolsTablesFromAPostgresqlDatabase() {
        String legacy = server.newSchema();
        server.execute(inSchema(legacy, LEGACY_TABLES));
        TokenDatabase store = open(server.newDbSetting());

        ImportReport report = new LegacyImporter(store, clock)
                .importFrom(DatabaseUrl.parse(server.dbSetting(legacy), Path.of(".")));
        ImportReport again = new LegacyImporter(store, clock)
                .importFrom(DatabaseUrl.parse(server.dbSetting(legacy), Path.of(".")));

        JdbcInviteTokens tokens = store.tokens(clock);
        assertThat(report).isEqualTo(new ImportReport(4, 0, 3));
        assertThat(again).isEqualTo(new ImportReport(0, 4, 0));
        InviteToken floor = tokens.find(new TokenName("SmartIronicFloor")).orElseThrow();
        assertThat(floor.expiresAt()).contains(Instant.parse("2030-06-30T00:00:00Z"));
        assertThat(floor.limit().maximum()).isEqualTo(3);
        assertThat(floor.completedUses()).isEqualTo(2);
        assertThat(floor.isActiveAt(IN_2026)).isTrue();
        assertThat(tokens.find(new TokenName("SubjectPermitHunter")).orElseThrow().disabled()).isTrue();
        assertThat(tokens.find(new TokenName("NothingSet")).orElseThrow().limit().isUnlimited()).isTrue();
        assertThat(tokens.uses(new TokenName("LicenseBishopCabinet"))).extracting(TokenUse::clientAddress)
                .containsExactly(Optional.of("203.0.113.7, 127.0.0.1"), Optional.of("198.51.100.23, 127.0.0.1"));
    }

    @Test
    void startsBesideTheOldToolsTablesInTheSameSchema() {
        String schema = server.newSchema();
        server.execute(inSchema(schema, LEGACY_TABLES));

        TokenDatabase store = open(server.dbSetting(schema));
        ImportReport report = new LegacyImporter(store, clock).importFrom(store.url());

        assertThat(store.legacyTablesPresent()).isTrue();
        assertThat(store.startupMigration().applied()).containsExactly("1 invite tokens", "2 settled reservations", "3 admin sessions", "4 approval",
                "5 rate limit buckets", "6 homeserver tokens");
        assertThat(report.tokensImported()).isEqualTo(4);
    }

    /**
     * A role whose default isolation is REPEATABLE READ used to admit two sign-ups with a single-use
     * token: the count after the lock read the snapshot from before the lock holder committed.
     */
    @Test
    void aRoleThatDefaultsToRepeatableReadStillAdmitsASingleUseOnce() throws Exception {
        String schema = server.newSchema();
        String role = "repeatable_" + schema;
        server.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'repeatable'",
                "GRANT ALL ON SCHEMA " + schema + " TO " + role,
                "ALTER ROLE " + role + " SET default_transaction_isolation = 'repeatable read'");
        String db = "postgresql://" + role + ":repeatable@" + server.host() + ":" + server.port() + "/"
                + PostgresServer.DATABASE + "?currentSchema=" + schema;
        JdbcInviteTokens first = open(db).tokens(clock);
        JdbcInviteTokens second = open(db).tokens(clock);
        TokenName name = new TokenName("SingleUse");
        first.add(InviteToken.fresh(name, UsageLimit.of(1), Optional.empty(), "", clock.instant()));

        for (int round = 0; round < 3; round++) {
            first.change(name, TokenChanges.NONE.withLimit(UsageLimit.of(round + 1)));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<ReserveOutcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    JdbcInviteTokens instance = i % 2 == 0 ? first : second;
                    UserId user = new UserId("racer" + round + "x" + i, "example.org");
                    outcomes.add(threads.submit(() -> {
                        start.await();
                        return instance.reserve(name, user, clock.instant());
                    }));
                }
                start.countDown();
                int reserved = 0;
                for (Future<ReserveOutcome> outcome : outcomes) {
                    if (outcome.get(2, TimeUnit.MINUTES) instanceof Reservation) {
                        reserved++;
                    }
                }
                assertThat(reserved).as("round %d: one more use was free", round).isEqualTo(1);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private TokenDatabase open(String db) {
        TokenDatabase database = TokenDatabase.open(DatabaseSettings.forDbSetting(db, Path.of(".")).withMaximumPoolSize(2));
        opened.add(database);
        return database;
    }

    private static String[] inSchema(String schema, String... statements) {
        List<String> all = new ArrayList<>();
        all.add("SET search_path TO " + schema);
        all.addAll(List.of(statements));
        return all.toArray(String[]::new);
    }
}
