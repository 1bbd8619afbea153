package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

/**
 * Copies the tokens of the Python matrix-registration (0.9.x) into the store, so that links people
 * were already sent keep working after the switch.
 *
 * <p>The source is that tool's database, SQLite or PostgreSQL, read-only: its tables
 * {@code tokens(name, expiration_date, max_usage, used, disabled)}, {@code ips(id, address)} and
 * {@code association(ips, tokens)}. Each token keeps its name, its limit ({@code max_usage}; 0 or
 * {@code NULL} mean unlimited, as the old tool stored "no maximum" as 0), its completed-use count
 * ({@code used}; {@code NULL} is 0), its expiry and its disabled flag ({@code NULL} is false). The
 * old tool wrote {@code expiration_date} as a naive local date-time such as
 * {@code 2030-06-30 00:00:00.000000}; it is read as UTC. Each logged address becomes a past use
 * with no user ID and no time, carrying the whole stored string (a forwarded chain such as
 * {@code 203.0.113.7, 127.0.0.1} stays as it was), in the order the old tool stored them. Imported
 * tokens are created at the moment of the import.
 *
 * <p>A token whose name the store already has is skipped with its uses, so importing twice changes
 * nothing. The whole import is one transaction on the store: it happens entirely or not at all.
 * The source may be the store's own database (a user who kept the {@code db} setting).
 */
public final class LegacyImporter {
    private static final String ORIGIN = "the database to import from";

    private final TokenDatabase target;
    private final Clock clock;

    public LegacyImporter(TokenDatabase target, Clock clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Imports every token of the old database at {@code source}.
     *
     * @throws DatabaseUnavailableException if the source cannot be opened or the store fails
     * @throws LegacyImportException        if the source is not the old tool's database, or one of
     *                                      its rows cannot become a token; nothing is imported then
     */
    public ImportReport importFrom(DatabaseUrl source) {
        List<LegacyToken> tokens = read(DatabaseSettings.defaults(source));
        Instant now = clock.instant();
        ReservationTables portal = ReservationTables.portal(target.jdbc());
        return target.jdbc().transaction("import tokens of the Python matrix-registration", connection -> {
            int imported = 0;
            int skipped = 0;
            int uses = 0;
            for (LegacyToken legacy : tokens) {
                if (!JdbcInviteTokens.insert(connection, legacy.toToken(now))) {
                    skipped++;
                    continue;
                }
                imported++;
                for (Optional<String> address : legacy.addresses()) {
                    portal.insertUse(connection, new TokenUse(legacy.name(), Optional.empty(), Optional.empty(), address));
                    uses++;
                }
            }
            return new ImportReport(imported, skipped, uses);
        });
    }

    /** One row of {@code tokens} with its logged addresses, checked. */
    private record LegacyToken(TokenName name, UsageLimit limit, Optional<Instant> expiresAt, boolean disabled,
            int used, List<Optional<String>> addresses) {

        InviteToken toToken(Instant importedAt) {
            return new InviteToken(name, limit, expiresAt, disabled, "", importedAt, UseCounts.completed(used));
        }
    }

    private List<LegacyToken> read(DatabaseSettings source) {
        DataSource dataSource = DataSources.create(source, DataSources.Purpose.READ_ONLY);
        DataSources.checkReachable(source, dataSource, ORIGIN, DataSources.Purpose.READ_ONLY);
        try (Connection connection = dataSource.getConnection()) {
            Set<String> tables = tables(connection);
            if (!tables.contains("tokens")) {
                throw new LegacyImportException("The " + source.url() + " (" + ORIGIN
                        + ") is not a database of the Python matrix-registration: it has no table 'tokens'");
            }
            Map<String, List<Optional<String>>> addresses = tables.contains("ips") && tables.contains("association")
                    ? addresses(connection) : Map.of();
            List<LegacyToken> tokens = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT * FROM tokens ORDER BY name")) {
                Set<String> columns = columns(rows.getMetaData());
                int row = 0;
                while (rows.next()) {
                    row++;
                    tokens.add(token(rows, columns, row, addresses));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("Cannot read the " + source.url() + " (" + ORIGIN + "): "
                    + Failures.reason(e, source.url().password()), e);
        }
    }

    private static LegacyToken token(ResultSet rows, Set<String> columns, int row,
            Map<String, List<Optional<String>>> addresses) throws SQLException {
        String name = rows.getString("name");
        if (!TokenName.isValid(name)) {
            throw bad(row, "name", "a token name has 1 to 64 characters from A-Z, a-z, 0-9, '.', '_', '~' and '-'");
        }
        Optional<Integer> maxUsage = integer(rows, columns, "max_usage");
        Optional<Integer> used = integer(rows, columns, "used");
        if (maxUsage.orElse(0) < 0) {
            throw bad(row, "max_usage", "it is " + maxUsage.get() + ", not 0 (unlimited) or more");
        }
        if (used.orElse(0) < 0) {
            throw bad(row, "used", "it is " + used.get() + ", not 0 or more");
        }
        boolean disabled = columns.contains("disabled") && rows.getBoolean("disabled");
        Optional<Instant> expiresAt = Optional.empty();
        if (columns.contains("expiration_date")) {
            String text = rows.getString("expiration_date");
            if (text != null && !text.isBlank()) {
                expiresAt = Optional.of(parseExpiry(text.strip()).orElseThrow(
                        () -> bad(row, "expiration_date", "'" + text + "' is not a date and time")));
            }
        }
        return new LegacyToken(new TokenName(name), new UsageLimit(maxUsage.orElse(0)), expiresAt, disabled,
                used.orElse(0), addresses.getOrDefault(name, List.of()));
    }

    /** The logged addresses by token name, each token's in the order the old tool stored them. */
    private static Map<String, List<Optional<String>>> addresses(Connection connection) throws SQLException {
        Map<String, List<Optional<String>>> addresses = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT a.tokens, i.address FROM association a"
                        + " JOIN ips i ON i.id = a.ips ORDER BY a.tokens, i.id")) {
            while (rows.next()) {
                addresses.computeIfAbsent(rows.getString(1), name -> new ArrayList<>())
                        .add(Optional.ofNullable(rows.getString(2)));
            }
        }
        return addresses;
    }

    /**
     * The old tool's expiry, a naive date-time taken as UTC: {@code 2030-06-30 00:00:00.000000}
     * (SQLite), {@code 2030-06-30 00:00:00} (PostgreSQL), or a bare date.
     */
    static Optional<Instant> parseExpiry(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text.replaceFirst(" ", "T")).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notLocal) {
            try {
                return Optional.of(OffsetDateTime.parse(text.replaceFirst(" ", "T")).toInstant());
            } catch (DateTimeParseException notOffset) {
                try {
                    return Optional.of(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        }
    }

    private static Optional<Integer> integer(ResultSet rows, Set<String> columns, String column) throws SQLException {
        if (!columns.contains(column)) {
            return Optional.empty();
        }
        int value = rows.getInt(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static LegacyImportException bad(int row, String column, String problem) {
        return new LegacyImportException("Token number " + row + " (in name order) of the old table 'tokens' cannot be"
                + " imported: its " + column + " is unusable (" + problem + "); nothing was imported");
    }

    private static Set<String> tables(Connection connection) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (ResultSet rows = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    private static Set<String> columns(ResultSetMetaData metaData) throws SQLException {
        Set<String> columns = new HashSet<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            columns.add(metaData.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return columns;
    }
}
