package org.matrixregistration.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntConsumer;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenCursor;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.persistence.testing.PostgresServer;

/**
 * Measures the token store with {@value #TOKENS} tokens stored: find by name, reserve + complete,
 * and pages of 50. One thread, so the figures are latencies; see docs/benchmarks/persistence.md.
 *
 * <p>Run with {@code registration-persistence/bench/run [sqlite] [postgresql] [postgresql-async]}
 * (all three without arguments). {@code postgresql} is a durable server (fsync and
 * synchronous_commit on, every commit flushed); {@code postgresql-async} has synchronous_commit
 * off, which like SQLite's WAL with synchronous=NORMAL may lose the last commits in a power cut
 * but never corrupts.
 */
public final class PersistenceBenchmark {
    static final int TOKENS = 100_000;
    private static final int PAGE = 50;
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    private record Measurement(String operation, int operations, long wallNanos, long[] latencies) {
        double perSecond() {
            return operations / (wallNanos / 1e9);
        }

        double meanMicros() {
            return Arrays.stream(latencies).average().orElse(0) / 1000;
        }

        double percentileMicros(double percentile) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }

    private PersistenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> databases = args.length == 0 ? List.of("sqlite", "postgresql", "postgresql-async") : List.of(args);
        System.out.println(machine());
        for (String database : databases) {
            switch (database) {
                case "sqlite" -> run("SQLite (WAL, synchronous=NORMAL)", sqlite());
                case "postgresql" -> run("PostgreSQL (fsync=on, synchronous_commit=on)", postgres(
                        "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on"));
                case "postgresql-async" -> run("PostgreSQL (fsync=on, synchronous_commit=off)", postgres(
                        "-c", "fsync=on", "-c", "synchronous_commit=off", "-c", "full_page_writes=on"));
                default -> throw new IllegalArgumentException(
                        "unknown database '" + database + "'; use sqlite, postgresql or postgresql-async");
            }
        }
    }

    private static DatabaseSettings sqlite() throws IOException {
        Path directory = Files.createDirectories(Path.of("target", "bench"));
        Path file = directory.resolve("tokens.sqlite3");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        return DatabaseSettings.defaults(DatabaseUrl.sqlite(file));
    }

    private static DatabaseSettings postgres(String... serverArguments) {
        PostgresServer server = PostgresServer.start(serverArguments);
        return DatabaseSettings.forDbSetting(server.newDbSettingOnBridge(), Path.of("."));
    }

    private static void run(String title, DatabaseSettings settings) throws IOException {
        String loadBefore = loadAverage();
        try (TokenDatabase database = TokenDatabase.open(settings)) {
            Clock clock = Clock.fixed(START.plus(Duration.ofDays(1)), ZoneOffset.UTC);
            JdbcInviteTokens tokens = database.tokens(clock);
            long fillStart = System.nanoTime();
            fill(database);
            long fillMillis = (System.nanoTime() - fillStart) / 1_000_000;
            Random random = new Random(42);
            List<Measurement> results = new ArrayList<>();

            results.add(measure("find by name", 20_000,
                    i -> tokens.find(name(random.nextInt(TOKENS))).orElseThrow()));
            long[] reserveOnly = new long[5_000];
            results.add(measure("reserve + complete", reserveOnly.length, i -> {
                TokenName name = name(unlimited(random.nextInt(TOKENS)));
                long started = System.nanoTime();
                Reservation reservation = (Reservation) tokens.reserve(name,
                        new org.matrixregistration.core.account.UserId("bench" + i, "example.org"), clock.instant());
                reserveOnly[i] = System.nanoTime() - started;
                tokens.complete(reservation, clock.instant(), Optional.of("203.0.113.7"));
            }));
            results.add(new Measurement("  of which reserve", reserveOnly.length,
                    Arrays.stream(reserveOnly).sum(), reserveOnly));
            results.add(measure("list a page of 50, first page", 2_000,
                    i -> tokens.list(TokenQuery.all().at(0, PAGE), clock.instant())));
            List<InviteToken> sample = tokens.list(TokenQuery.all().at(0, TokenQuery.MAX_LIMIT), clock.instant()).items();
            results.add(measure("list a page of 50 newest first, after a cursor", 2_000,
                    i -> tokens.list(TokenQuery.all().newestFirst().at(0, PAGE)
                            .after(TokenCursor.of(sample.get(random.nextInt(sample.size())))), clock.instant())));
            results.add(measure("list a page of 50, random offset", 500,
                    i -> tokens.list(TokenQuery.all().at(random.nextInt(TOKENS - PAGE), PAGE), clock.instant())));
            results.add(measure("list a page of 50 active tokens, newest first", 200,
                    i -> tokens.list(TokenQuery.all().withStatus(TokenQuery.Status.ACTIVE).newestFirst().at(0, PAGE),
                            clock.instant())));
            results.add(measure("uses of a page of 50 tokens, one query", 500,
                    i -> tokens.uses(sample.subList(0, PAGE).stream().map(InviteToken::name).toList())));

            System.out.printf(Locale.ROOT, "%n### %s%n%n%s; filled %,d tokens in %,d ms; load average %s before,"
                    + " %s after.%n%n", title, serverVersion(database), TOKENS, fillMillis, loadBefore, loadAverage());
            System.out.println("| operation | ops/s | mean µs | p50 µs | p99 µs |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Measurement m : results) {
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.1f | %,.1f | %,.1f |%n", m.operation(), m.perSecond(),
                        m.meanMicros(), m.percentileMicros(50), m.percentileMicros(99));
            }
        }
    }

    /**
     * One warm-up round of a fifth of {@code operations}, then the timed round. Each operation's
     * latency is recorded; operations per second are over the whole timed round.
     */
    private static Measurement measure(String operation, int operations, IntConsumer body) {
        for (int i = 0; i < operations / 5; i++) {
            body.accept(i % operations);
        }
        long[] latencies = new long[operations];
        long wallStart = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            long started = System.nanoTime();
            body.accept(i);
            latencies[i] = System.nanoTime() - started;
        }
        return new Measurement(operation, operations, System.nanoTime() - wallStart, latencies);
    }

    /**
     * {@value #TOKENS} tokens, one second apart: every tenth disabled, every tenth (another one)
     * expired, every fifth limited to 3 uses, the rest unlimited.
     */
    private static void fill(TokenDatabase database) {
        int batch = 5_000;
        for (int from = 0; from < TOKENS; from += batch) {
            int first = from;
            database.jdbc().transaction("fill", connection -> {
                try (PreparedStatement insert = connection.prepareStatement(JdbcInviteTokens.INSERT_TOKEN)) {
                    for (int i = first; i < Math.min(first + batch, TOKENS); i++) {
                        InviteToken token = token(i);
                        insert.setString(1, token.name().value());
                        insert.setInt(2, token.limit().maximum());
                        Jdbc.bind(insert, 3, TokenRows.micros(token.expiresAt()));
                        insert.setBoolean(4, token.disabled());
                        insert.setString(5, token.note());
                        insert.setLong(6, TokenRows.micros(token.createdAt()));
                        insert.setInt(7, 0);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        }
        // What autovacuum would soon do on PostgreSQL: statistics, and the visibility map that
        // lets a page be read from the index alone.
        String analyze = database.url().kind() == DatabaseUrl.Kind.SQLITE ? "ANALYZE" : "VACUUM ANALYZE";
        database.jdbc().autoCommit("analyze", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(analyze);
            }
            return null;
        });
    }

    private static InviteToken token(int i) {
        Optional<Instant> expiry = i % 10 == 5 ? Optional.of(START) : Optional.empty();
        InviteToken token = InviteToken.fresh(name(i),
                i % 5 == 1 ? UsageLimit.of(3)
                        : UsageLimit.UNLIMITED,
                expiry, "", START.plusSeconds(i));
        return i % 10 == 0 ? token.withSettings(TokenChanges.NONE.withDisabled(true))
                : token;
    }

    /** The nearest unlimited, enabled, unexpired token at or after {@code i}. */
    private static int unlimited(int i) {
        int candidate = i;
        while (candidate % 10 == 0 || candidate % 10 == 5 || candidate % 5 == 1) {
            candidate = (candidate + 1) % TOKENS;
        }
        return candidate;
    }

    private static TokenName name(int i) {
        return new TokenName("BenchToken" + i);
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .findFirst().map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        return String.format(Locale.ROOT, "Machine: %d cores (%s), %s %s, Java %s, SQLite %s",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), sqliteVersion());
    }

    /** The 1-, 5- and 15-minute load averages: other work on the machine skews every figure. */
    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String serverVersion(TokenDatabase database) {
        String query = database.url().kind() == DatabaseUrl.Kind.SQLITE
                ? "SELECT 'SQLite ' || sqlite_version()" : "SELECT 'PostgreSQL ' || current_setting('server_version')";
        return database.jdbc().autoCommit("read the server version", connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
                row.next();
                return row.getString(1);
            }
        });
    }

    private static String sqliteVersion() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT sqlite_version()")) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }
}
