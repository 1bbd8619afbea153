package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;

class LegacyImporterTest {
    /** A moment inside 2026, at which the fixture's "active" flags hold. */
    private static final Instant IN_2026 = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(IN_2026);
    private final List<TokenDatabase> opened = new ArrayList<>();

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }

    @Test
    void importsTheDatabaseTheOldToolWroteFieldByField() throws IOException {
        TokenDatabase store = store();
        JdbcInviteTokens tokens = store.tokens(clock);

        ImportReport report = new LegacyImporter(store, clock).importFrom(DatabaseUrl.sqlite(LegacyDatabases.copyOfFixture(directory)));

        JsonNode expected = expectedTokens();
        assertThat(report).isEqualTo(new ImportReport(expected.size(), 0, 5));
        for (JsonNode json : expected) {
            TokenName name = new TokenName(json.get("name").asText());
            InviteToken token = tokens.find(name).orElseThrow();
            assertThat(token.completedUses()).as("used of %s", name).isEqualTo(json.get("used").asInt());
            assertThat(token.limit().maximum()).as("max_usage of %s", name).isEqualTo(json.get("max_usage").asInt());
            assertThat(token.expiresAt()).as("expiration_date of %s", name).isEqualTo(expiry(json.get("expiration_date")));
            assertThat(token.disabled()).as("disabled of %s", name).isEqualTo(json.get("disabled").asBoolean());
            assertThat(token.isActiveAt(IN_2026)).as("active of %s", name).isEqualTo(json.get("active").asBoolean());
            assertThat(token.createdAt()).isEqualTo(IN_2026);
            assertThat(token.pendingUses()).isZero();
            List<String> ips = new ArrayList<>();
            json.get("ips").forEach(ip -> ips.add(ip.asText()));
            assertThat(tokens.uses(name)).as("ips of %s", name)
                    .extracting(use -> use.clientAddress().orElseThrow()).containsExactlyElementsOf(ips);
            assertThat(tokens.uses(name)).allSatisfy(use -> {
                assertThat(use.userId()).isEmpty();
                assertThat(use.usedAt()).isEmpty();
            });
        }
        assertThat(tokens.list(TokenQuery.all().withTotal(), IN_2026).total()).hasValue(expected.size());
    }

    @Test
    void importingTwiceDuplicatesNothing() {
        TokenDatabase store = store();
        DatabaseUrl legacy = DatabaseUrl.sqlite(LegacyDatabases.copyOfFixture(directory));
        LegacyImporter importer = new LegacyImporter(store, clock);
        importer.importFrom(legacy);

        ImportReport again = importer.importFrom(legacy);

        assertThat(again).isEqualTo(new ImportReport(0, 5, 0));
        assertThat(store.tokens(clock).uses(new TokenName("LicenseBishopCabinet"))).hasSize(2);
        assertThat(store.tokens(clock).list(TokenQuery.all().withTotal(), IN_2026).total()).hasValue(5);
    }

    @Test
    void skipsTokensTheStoreAlreadyHasAndImportsTheRest() {
        TokenDatabase store = store();
        JdbcInviteTokens tokens = store.tokens(clock);
        tokens.add(InviteToken.fresh(new TokenName("MetroPeopleQuiet"), UsageLimit.of(9), Optional.empty(), "mine", IN_2026));

        ImportReport report = new LegacyImporter(store, clock)
                .importFrom(DatabaseUrl.sqlite(LegacyDatabases.copyOfFixture(directory)));

        assertThat(report).isEqualTo(new ImportReport(4, 1, 4));
        assertThat(tokens.find(new TokenName("MetroPeopleQuiet")).orElseThrow().note()).isEqualTo("mine");
        assertThat(tokens.uses(new TokenName("MetroPeopleQuiet"))).isEmpty();
    }

    @Test
    void readsMissingValuesAsTheOldToolMeantThem() {
        Path legacy = LegacyDatabases.sqlite(directory.resolve("nulls.sqlite3"),
                "INSERT INTO tokens VALUES ('NothingSet', NULL, NULL, NULL, NULL)",
                "INSERT INTO tokens VALUES ('SecondsOnly', '2027-01-02 03:04:05', 2, 1, 0)",
                "INSERT INTO tokens VALUES ('DateOnly', '2027-01-02', 0, 7, 1)",
                "INSERT INTO ips VALUES (10, NULL)",
                "INSERT INTO association VALUES (10, 'SecondsOnly')");
        TokenDatabase store = store();

        ImportReport report = new LegacyImporter(store, clock).importFrom(DatabaseUrl.sqlite(legacy));

        JdbcInviteTokens tokens = store.tokens(clock);
        assertThat(report).isEqualTo(new ImportReport(3, 0, 1));
        assertThat(tokens.find(new TokenName("NothingSet"))).contains(
                new InviteToken(new TokenName("NothingSet"), UsageLimit.UNLIMITED, Optional.empty(), false, "", IN_2026,
                        org.matrixregistration.core.token.UseCounts.NONE));
        assertThat(tokens.find(new TokenName("SecondsOnly")).orElseThrow().expiresAt())
                .contains(Instant.parse("2027-01-02T03:04:05Z"));
        InviteToken dateOnly = tokens.find(new TokenName("DateOnly")).orElseThrow();
        assertThat(dateOnly.expiresAt()).contains(Instant.parse("2027-01-02T00:00:00Z"));
        assertThat(dateOnly.completedUses()).isEqualTo(7);
        assertThat(dateOnly.disabled()).isTrue();
        assertThat(tokens.uses(new TokenName("SecondsOnly"))).containsExactly(
                new TokenUse(new TokenName("SecondsOnly"), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void importsNothingFromEmptyTables() {
        Path legacy = LegacyDatabases.sqlite(directory.resolve("empty.sqlite3"));
        TokenDatabase store = store();

        assertThat(new LegacyImporter(store, clock).importFrom(DatabaseUrl.sqlite(legacy)))
                .isEqualTo(new ImportReport(0, 0, 0));
    }

    @Test
    void importsNothingWhenOneRowIsUnusable() {
        Path legacy = LegacyDatabases.sqlite(directory.resolve("bad.sqlite3"),
                "INSERT INTO tokens VALUES ('Fine', NULL, 1, 0, 0)",
                "INSERT INTO tokens VALUES ('Garbled', 'next tuesday', 1, 0, 0)");
        TokenDatabase store = store();

        assertThatThrownBy(() -> new LegacyImporter(store, clock).importFrom(DatabaseUrl.sqlite(legacy)))
                .isInstanceOf(LegacyImportException.class)
                .hasMessageContaining("expiration_date")
                .hasMessageContaining("'next tuesday'")
                .hasMessageNotContaining("Garbled");
        assertThat(store.tokens(clock).list(TokenQuery.all().withTotal(), IN_2026).total()).hasValue(0);
    }

    @Test
    void refusesADatabaseWithoutTheOldTables() throws SQLException {
        Path other = directory.resolve("other.sqlite3");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE users (name TEXT)");
        }

        assertThatThrownBy(() -> new LegacyImporter(store(), clock).importFrom(DatabaseUrl.sqlite(other)))
                .isInstanceOf(LegacyImportException.class)
                .hasMessageContaining("is not a database of the Python matrix-registration: it has no table 'tokens'");
    }

    @Test
    void refusesAMissingFileWithoutCreatingIt() {
        Path missing = directory.resolve("nowhere.sqlite3");

        assertThatThrownBy(() -> new LegacyImporter(store(), clock).importFrom(DatabaseUrl.sqlite(missing)))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessage("Cannot open the SQLite database " + missing + " (the database to import from): there is no such file");
        assertThat(missing).doesNotExist();
    }

    @Test
    void aStoreBesideTheOldTablesStartsAndImportsFromItself() throws SQLException {
        Path shared = LegacyDatabases.copyOfFixture(directory);

        TokenDatabase store = open(DatabaseUrl.sqlite(shared));
        ImportReport report = new LegacyImporter(store, clock).importFrom(store.url());

        assertThat(store.legacyTablesPresent()).isTrue();
        assertThat(store.startupMigration().applied()).containsExactly("1 invite tokens", "2 settled reservations", "3 admin sessions", "4 approval",
                "5 rate limit buckets", "6 homeserver tokens");
        assertThat(store.startupMigration().versionBefore()).isEmpty();
        assertThat(report).isEqualTo(new ImportReport(5, 0, 5));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + shared);
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM tokens")) {
            count.next();
            assertThat(count.getInt(1)).as("the old table is left as it was").isEqualTo(5);
        }
    }

    @Test
    void aStoreRefusesADatabaseWithAnotherApplicationsTables() throws SQLException {
        Path foreign = directory.resolve("foreign.sqlite3");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + foreign);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE users (name TEXT)");
            statement.execute("CREATE TABLE tokens (name TEXT)");
        }

        assertThatThrownBy(() -> open(DatabaseUrl.sqlite(foreign)))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessage("The SQLite database " + foreign + " (setting 'db') already holds tables that are not the"
                        + " portal's (users); give the portal a database of its own");
    }

    private TokenDatabase store() {
        return open(DatabaseUrl.sqlite(directory.resolve("store.sqlite3")));
    }

    private TokenDatabase open(DatabaseUrl url) {
        TokenDatabase database = TokenDatabase.open(DatabaseSettings.defaults(url));
        opened.add(database);
        return database;
    }

    private static JsonNode expectedTokens() throws IOException {
        try (InputStream in = LegacyImporterTest.class.getResourceAsStream("/legacy/legacy-matrix-registration.tokens.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** The admin API printed expiries as naive "yyyy-MM-dd HH:mm:ss", which the import reads as UTC. */
    private static Optional<Instant> expiry(JsonNode value) {
        return value.isNull() ? Optional.empty()
                : Optional.of(LocalDateTime.parse(value.asText().replace(' ', 'T')).toInstant(ZoneOffset.UTC));
    }
}
