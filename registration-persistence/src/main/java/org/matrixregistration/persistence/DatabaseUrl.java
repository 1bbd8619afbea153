package org.matrixregistration.persistence;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the token store lives: the {@code db} setting, parsed.
 *
 * <p>Accepted forms are the SQLAlchemy URLs that users of the Python matrix-registration already
 * have in their config, plus plain JDBC URLs:
 * <ul>
 *   <li>{@code sqlite:////data/db.sqlite3}: the absolute path after {@code sqlite:///};</li>
 *   <li>{@code sqlite:///{cwd}/db.sqlite3}: {@code {cwd}} stands for the working directory; any
 *       other relative path after {@code sqlite:///} is relative to it as well;</li>
 *   <li>{@code postgresql://user:password@host:5432/name}: user, password and port are optional,
 *       percent-encoded as in any URL (a password that contains {@code @} unencoded still works:
 *       the host starts after the last {@code @}); {@code postgres://} and
 *       {@code postgresql+DRIVER://} read the same; a query such as {@code ?sslmode=require} goes
 *       to the JDBC driver;</li>
 *   <li>{@code jdbc:sqlite:PATH} and {@code jdbc:postgresql://host:port/name?...}.</li>
 * </ul>
 * In-memory SQLite is refused: its tokens would vanish at restart and the pool's connections would
 * each see a different database. Anything else fails with an {@link IllegalArgumentException} that
 * names the setting and lists the accepted forms.
 *
 * <p>The password is kept for the driver only: {@link #toString()}, {@link #location()} and every
 * message leave it out.
 */
public final class DatabaseUrl {
    /** The name of the setting, as messages refer to it. */
    public static final String SETTING = "db";

    /** The two supported databases. */
    public enum Kind { SQLITE, POSTGRESQL }

    private static final String ACCEPTED_FORMS = "sqlite:////absolute/path/db.sqlite3, sqlite:///{cwd}/db.sqlite3,"
            + " postgresql://user:password@host:5432/dbname, jdbc:sqlite:/path/db.sqlite3"
            + " or jdbc:postgresql://host:5432/dbname";
    private static final Pattern SQLALCHEMY_POSTGRES = Pattern.compile(
            "postgres(?:ql)?(?:\\+\\w+)?://"
            + "(?:(?<user>[^:/?@]*)(?::(?<password>.*))?@)?"
            + "(?:\\[(?<ipv6>[^\\]/?@]+)]|(?<host>[^/:?@\\[\\]]+))?"
            + "(?::(?<port>[^/?]*))?"
            + "(?:/(?<database>[^?]*))?"
            + "(?:\\?(?<query>.*))?",
            Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,30}):.*", Pattern.DOTALL);
    private static final int DEFAULT_POSTGRES_PORT = 5432;

    private final Kind kind;
    private final String jdbcUrl;
    private final Optional<Path> sqliteFile;
    private final Optional<String> user;
    private final Optional<String> password;
    private final String location;

    private DatabaseUrl(Kind kind, String jdbcUrl, Optional<Path> sqliteFile, Optional<String> user,
            Optional<String> password, String location) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.sqliteFile = sqliteFile;
        this.user = user;
        this.password = password;
        this.location = location;
    }

    /**
     * Parses the {@code db} setting.
     *
     * @param workingDirectory what {@code {cwd}} and relative SQLite paths are resolved against
     * @throws IllegalArgumentException naming the setting {@code db} and the accepted forms
     */
    public static DatabaseUrl parse(String db, Path workingDirectory) {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        if (db == null || db.isBlank()) {
            throw invalid("it is empty");
        }
        String value = db.strip();
        if (value.startsWith("sqlite:")) {
            return sqlAlchemySqlite(value, workingDirectory);
        }
        if (value.startsWith("postgres")) {
            return sqlAlchemyPostgres(value);
        }
        if (value.startsWith("jdbc:sqlite:")) {
            return jdbcSqlite(value.substring("jdbc:sqlite:".length()), workingDirectory);
        }
        if (value.startsWith("jdbc:postgresql:")) {
            return jdbcPostgres(value);
        }
        if (value.startsWith("/")) {
            throw invalid("got a plain path; for SQLite write sqlite:///" + value);
        }
        Matcher scheme = SCHEME.matcher(value);
        throw invalid(scheme.matches() ? "got a '" + scheme.group(1) + "' URL" : "got something that is not a URL");
    }

    /** A file-based SQLite database at {@code file}. */
    public static DatabaseUrl sqlite(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + absolute, Optional.of(absolute), Optional.empty(),
                Optional.empty(), absolute.toString());
    }

    public Kind kind() {
        return kind;
    }

    /** The SQLite database file, absolute; empty for PostgreSQL. */
    public Optional<Path> sqliteFile() {
        return sqliteFile;
    }

    /**
     * Where the database is, safe to show and log: the SQLite file, or PostgreSQL's
     * {@code host:port/name}. Never contains a password.
     */
    public String location() {
        return location;
    }

    /** For example {@code SQLite database /data/db.sqlite3} or {@code PostgreSQL database db:5432/synapse}. */
    @Override
    public String toString() {
        return (kind == Kind.SQLITE ? "SQLite database " : "PostgreSQL database ") + location;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Optional<String> user() {
        return user;
    }

    Optional<String> password() {
        return password;
    }

    private static DatabaseUrl sqlAlchemySqlite(String value, Path workingDirectory) {
        if (!value.startsWith("sqlite:///")) {
            throw invalid("a SQLite URL has three slashes before the path, as in sqlite:////data/db.sqlite3");
        }
        String path = value.substring("sqlite:///".length());
        if (path.isEmpty() || path.equals(":memory:")) {
            throw invalid("an in-memory SQLite database would lose every token at restart; give a file path");
        }
        if (path.contains("?")) {
            throw invalid("SQLite URL parameters are not supported; the portal sets the SQLite pragmas itself");
        }
        return sqliteAt(path.replace("{cwd}", workingDirectory.toAbsolutePath().toString()), workingDirectory);
    }

    private static DatabaseUrl jdbcSqlite(String rest, Path workingDirectory) {
        if (rest.contains("?")) {
            throw invalid("jdbc:sqlite: URL parameters are not supported; the portal sets the SQLite pragmas itself");
        }
        String path = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        if (path.isEmpty() || path.equals(":memory:") || path.startsWith(":resource:")) {
            throw invalid("an in-memory SQLite database would lose every token at restart; give a file path");
        }
        return sqliteAt(path, workingDirectory);
    }

    private static DatabaseUrl sqliteAt(String path, Path workingDirectory) {
        try {
            return sqlite(workingDirectory.resolve(path));
        } catch (InvalidPathException e) {
            throw invalid("'" + path + "' is not a valid file path");
        }
    }

    private static DatabaseUrl sqlAlchemyPostgres(String value) {
        Matcher url = SQLALCHEMY_POSTGRES.matcher(value);
        if (!url.matches()) {
            throw invalid("a PostgreSQL URL looks like postgresql://user:password@host:5432/dbname");
        }
        String host = url.group("ipv6") != null ? "[" + url.group("ipv6") + "]" : url.group("host");
        if (host == null || host.isEmpty()) {
            throw invalid("the PostgreSQL URL names no host, as in postgresql://user:password@host:5432/dbname");
        }
        int port = port(url.group("port"));
        String database = url.group("database") == null ? "" : decode(url.group("database"), "database name");
        if (database.isEmpty()) {
            throw invalid("the PostgreSQL URL names no database, as in postgresql://user:password@host:5432/dbname");
        }
        Optional<String> user = Optional.ofNullable(url.group("user")).filter(u -> !u.isEmpty())
                .map(u -> decode(u, "user name"));
        Optional<String> password = Optional.ofNullable(url.group("password")).map(p -> decode(p, "password"));
        String query = url.group("query") == null || url.group("query").isEmpty() ? "" : "?" + url.group("query");
        String hostPortDatabase = host + ":" + port + "/" + database;
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20") + query;
        return new DatabaseUrl(Kind.POSTGRESQL, jdbc, Optional.empty(), user, password, hostPortDatabase);
    }

    private static DatabaseUrl jdbcPostgres(String value) {
        String rest = value.substring("jdbc:postgresql:".length());
        int query = rest.indexOf('?');
        String target = query < 0 ? rest : rest.substring(0, query);
        if (target.startsWith("//")) {
            target = target.substring(2);
            target = target.substring(target.lastIndexOf('@') + 1);
        }
        if (target.isEmpty()) {
            throw invalid("the jdbc:postgresql: URL names no database");
        }
        return new DatabaseUrl(Kind.POSTGRESQL, value, Optional.empty(), Optional.empty(), Optional.empty(), target);
    }

    private static int port(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_POSTGRES_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("the PostgreSQL port must be a number from 1 to 65535");
    }

    /** Percent-decoding as in a URL path: '+' stays '+'. The value never goes into a message. */
    private static String decode(String encoded, String what) {
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("the " + what + " in the PostgreSQL URL has a malformed %-escape");
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException(
                "Setting '" + SETTING + "' is not a database URL this portal can use (" + problem + "). Accepted forms: "
                        + ACCEPTED_FORMS + ".");
    }
}
