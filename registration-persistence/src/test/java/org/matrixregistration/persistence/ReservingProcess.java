package org.matrixregistration.persistence;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.matrixregistration.core.account.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenName;

/**
 * The other portal process of {@link SqliteTwoProcessesTest}: opens the database, prints
 * {@code ready}, waits for a line on standard input, races {@code threads} reservations of one token,
 * and prints how many it got.
 *
 * <p>Arguments: database file, token name, threads.
 */
final class ReservingProcess {
    private ReservingProcess() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        TokenName token = new TokenName(args[1]);
        int threads = Integer.parseInt(args[2]);
        try (TokenDatabase database = TokenDatabase.open(DatabaseSettings.defaults(DatabaseUrl.sqlite(file)))) {
            JdbcInviteTokens tokens = database.tokens(Clock.systemUTC());
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            System.out.println("reserved " + race(tokens, token, threads));
        }
    }

    /** Starts {@code threads} reservations at once and counts those that succeeded. */
    static int race(JdbcInviteTokens tokens, TokenName token, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<ReserveOutcome>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                UserId user = new UserId("racer" + i + "-" + ProcessHandle.current().pid(), "example.org");
                attempts.add(() -> tokens.reserve(token, user, Clock.systemUTC().instant()));
            }
            int reserved = 0;
            for (Future<ReserveOutcome> outcome : pool.invokeAll(attempts)) {
                if (outcome.get(2, TimeUnit.MINUTES) instanceof Reservation) {
                    reserved++;
                }
            }
            return reserved;
        } finally {
            pool.shutdownNow();
        }
    }
}
