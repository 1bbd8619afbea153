package org.matrixregistration.persistence;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenName;

/**
 * The other portal process of {@link SqliteTwoProcessesIT}. Opens the database and prints
 * {@code ready}; on {@code hold} takes one reservation and prints {@code holding}; on {@code race}
 * prints {@code racing}, starts {@code threads} reservations at once and prints the result as
 * {@code reserved N of M}.
 *
 * <p>Arguments: database file, token name, threads.
 */
final class ReservingProcess {
    private ReservingProcess() {}

    /** What one process's race did: attempts made and reservations got. */
    record Race(int reserved, int attempts) {
        static Race parse(String line) {
            String[] words = line.split(" ");
            if (words.length != 4 || !words[0].equals("reserved") || !words[2].equals("of")) {
                throw new IllegalArgumentException("not a race result: " + line);
            }
            return new Race(Integer.parseInt(words[1]), Integer.parseInt(words[3]));
        }

        @Override
        public String toString() {
            return "reserved " + reserved + " of " + attempts;
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        TokenName token = new TokenName(args[1]);
        int threads = Integer.parseInt(args[2]);
        try (TokenDatabase database = TokenDatabase.open(DatabaseSettings.defaults(DatabaseUrl.sqlite(file)))) {
            JdbcInviteTokens tokens = database.tokens(Clock.systemUTC());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            say("ready");
            expect(in, "hold");
            if (!(tokens.reserve(token, new UserId("holder-there", "example.org"), Clock.systemUTC().instant())
                    instanceof Reservation)) {
                throw new IllegalStateException("could not take the held reservation");
            }
            say("holding");
            expect(in, "race");
            say("racing");
            say(race(tokens, token, threads).toString());
        }
    }

    /** Starts {@code threads} reservations at once, all released by one latch, and counts those that succeeded. */
    static Race race(JdbcInviteTokens tokens, TokenName token, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<ReserveOutcome>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                UserId user = new UserId("racer" + i + "-" + ProcessHandle.current().pid(), "example.org");
                attempts.add(() -> {
                    start.await();
                    return tokens.reserve(token, user, Clock.systemUTC().instant());
                });
            }
            List<Future<ReserveOutcome>> outcomes = new ArrayList<>();
            for (Callable<ReserveOutcome> attempt : attempts) {
                outcomes.add(pool.submit(attempt));
            }
            start.countDown();
            int reserved = 0;
            for (Future<ReserveOutcome> outcome : outcomes) {
                if (outcome.get(2, TimeUnit.MINUTES) instanceof Reservation) {
                    reserved++;
                }
            }
            return new Race(reserved, outcomes.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void expect(BufferedReader in, String word) throws java.io.IOException {
        String line = in.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected " + word + ", got " + line);
        }
    }
}
