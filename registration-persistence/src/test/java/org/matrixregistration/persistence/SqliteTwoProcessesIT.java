package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * Two operating-system processes, each with its own pool, race for one SQLite file's token: the
 * single write lock that {@code BEGIN IMMEDIATE} takes is what keeps them within the limit.
 *
 * <p>The race is staged so that it cannot pass by not happening: first each process takes one
 * reservation and holds it; then both reach a barrier (a line each way over the child's pipes)
 * and only then start their threads. So every attempt of the race is made while the other
 * process holds a reservation, and the two pools really compete for the same lock.
 */
class SqliteTwoProcessesIT {
    private static final int THREADS_PER_PROCESS = 16;
    private static final int LIMIT = 8;

    @TempDir
    Path directory;

    @Test
    void twoProcessesTogetherNeverExceedTheLimit() throws Exception {
        Path file = directory.resolve("shared.sqlite3");
        TokenName name = new TokenName("SharedByTwoProcesses");
        try (TokenDatabase database = TokenDatabase.open(DatabaseSettings.defaults(DatabaseUrl.sqlite(file)))) {
            JdbcInviteTokens tokens = database.tokens(Clock.systemUTC());
            tokens.add(InviteToken.fresh(name, UsageLimit.of(LIMIT), Optional.empty(), "", Instant.now()));
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ReservingProcess.class.getName(),
                    file.toString(), name.value(), Integer.toString(THREADS_PER_PROCESS))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
                    Writer in = new OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8)) {
                assertThat(out.readLine()).isEqualTo("ready");
                say(in, "hold");
                assertThat(out.readLine()).as("the other process holds a reservation").isEqualTo("holding");
                assertThat(tokens.reserve(name, new UserId("holder-here", "example.org"), Instant.now()))
                        .as("this process holds one too").isInstanceOf(Reservation.class);

                say(in, "race");
                assertThat(out.readLine()).as("the other process is at the barrier").isEqualTo("racing");
                ReservingProcess.Race here = ReservingProcess.race(tokens, name, THREADS_PER_PROCESS);
                ReservingProcess.Race there = ReservingProcess.Race.parse(out.readLine());
                assertThat(other.waitFor(2, TimeUnit.MINUTES)).isTrue();

                assertThat(here.attempts()).isEqualTo(THREADS_PER_PROCESS);
                assertThat(there.attempts()).isEqualTo(THREADS_PER_PROCESS);
                assertThat(2 + here.reserved() + there.reserved()).as("the two held ones and the race's").isEqualTo(LIMIT);
                assertThat(tokens.find(name).orElseThrow().pendingUses()).isEqualTo(LIMIT);
            } finally {
                other.destroyForcibly();
            }
        }
    }

    private static void say(Writer in, String line) throws java.io.IOException {
        in.write(line + "\n");
        in.flush();
    }
}
