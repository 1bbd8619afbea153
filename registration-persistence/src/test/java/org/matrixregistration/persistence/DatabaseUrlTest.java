package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {
    private static final Path WORKING_DIRECTORY = Path.of("/data");

    private static DatabaseUrl parse(String db) {
        return DatabaseUrl.parse(db, WORKING_DIRECTORY);
    }

    @Test
    void readsAnAbsoluteSqlitePathAfterThreeSlashes() {
        DatabaseUrl url = parse("sqlite:////var/lib/matrix-registration/db.sqlite3");

        assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.SQLITE);
        assertThat(url.sqliteFile()).contains(Path.of("/var/lib/matrix-registration/db.sqlite3"));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/matrix-registration/db.sqlite3");
    }

    @Test
    void replacesCwdWithTheWorkingDirectory() {
        assertThat(parse("sqlite:///{cwd}/db.sqlite3").sqliteFile()).contains(Path.of("/data/db.sqlite3"));
    }

    @Test
    void resolvesARelativeSqlitePathAgainstTheWorkingDirectory() {
        assertThat(parse("sqlite:///state/db.sqlite3").sqliteFile()).contains(Path.of("/data/state/db.sqlite3"));
        assertThat(parse("jdbc:sqlite:db.sqlite3").sqliteFile()).contains(Path.of("/data/db.sqlite3"));
    }

    @Test
    void acceptsJdbcSqliteUrls() {
        assertThat(parse("jdbc:sqlite:/srv/tokens.db").sqliteFile()).contains(Path.of("/srv/tokens.db"));
        assertThat(parse("jdbc:sqlite:file:/srv/tokens.db").sqliteFile()).contains(Path.of("/srv/tokens.db"));
    }

    @Test
    void readsEveryPartOfAPostgresqlUrl() {
        DatabaseUrl url = parse("postgresql://synapse_user:p%40ss%2Fw%3Ard+x@db.example.org:6543/registrations");

        assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6543/registrations");
        assertThat(url.user()).contains("synapse_user");
        assertThat(url.password()).contains("p@ss/w:rd+x");
        assertThat(url.location()).isEqualTo("db.example.org:6543/registrations");
    }

    @Test
    void readsAPasswordWithUnencodedSeparators() {
        DatabaseUrl url = parse("postgresql://me:pa/ss@w:rd@db:5432/tokens");

        assertThat(url.password()).contains("pa/ss@w:rd");
        assertThat(url.location()).isEqualTo("db:5432/tokens");
    }

    @Test
    void takesTheDefaultPortAndNoCredentialsWhenNoneAreGiven() {
        DatabaseUrl url = parse("postgresql://localhost/registrations");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/registrations");
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @Test
    void acceptsDriverSuffixesIpv6HostsAndDriverParameters() {
        DatabaseUrl url = parse("postgresql+psycopg2://me:pw@[::1]:5433/tokens?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/tokens?sslmode=require");
        assertThat(url.location()).isEqualTo("[::1]:5433/tokens");
    }

    @Test
    void passesAJdbcPostgresqlUrlThroughButShowsOnlyHostAndDatabase() {
        DatabaseUrl url = parse("jdbc:postgresql://db:5432/tokens?user=me&password=hunter2");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/tokens?user=me&password=hunter2");
        assertThat(url.location()).isEqualTo("db:5432/tokens");
        assertThat(url.toString()).doesNotContain("hunter2");
    }

    @Test
    void neverShowsThePassword() {
        DatabaseUrl url = parse("postgresql://me:hunter2@db:5432/tokens");

        assertThat(url.toString()).isEqualTo("PostgreSQL database db:5432/tokens").doesNotContain("hunter2");
        assertThat(url.location()).doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mysql://me:hunter2@db/tokens",
        "",
        "   ",
        "sqlite://",
        "sqlite:///",
        "sqlite:///:memory:",
        "sqlite://relative.db",
        "sqlite:////data/db.sqlite3?mode=ro",
        "jdbc:sqlite::memory:",
        "jdbc:sqlite:",
        "postgresql://me:hunter2@/tokens",
        "postgresql://me:hunter2@db:5432",
        "postgresql://me:hunter2@db:port/tokens",
        "postgresql://me:hunter2@db:99999/tokens",
        "postgresql://me:hunter2%zz@db/tokens",
        "/data/db.sqlite3",
        "hunter2",
    })
    void refusesAnythingElseNamingTheSettingAndTheAcceptedForms(String db) {
        assertThatThrownBy(() -> parse(db))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Setting 'db' is not a database URL this portal can use (")
                .hasMessageContaining("sqlite:////absolute/path/db.sqlite3, sqlite:///{cwd}/db.sqlite3,"
                        + " postgresql://user:password@host:5432/dbname")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("\n");
    }

    @Test
    void pointsAPlainPathToTheSqliteForm() {
        assertThatThrownBy(() -> parse("/data/db.sqlite3"))
                .hasMessageContaining("for SQLite write sqlite:////data/db.sqlite3");
    }

    @Test
    void namesTheSchemeOfAnUnsupportedUrl() {
        assertThatThrownBy(() -> parse("mysql://me:hunter2@db/tokens")).hasMessageContaining("got a 'mysql' URL");
    }
}
