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
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * Two operating-system processes, each with its own pool, race for one SQLite file's token: the
 * single write lock that {@code BEGIN IMMEDIATE} takes is what keeps them within the limit.
 */
class SqliteTwoProcessesTest {
    private static final int THREADS_PER_PROCESS = 16;

    @TempDir
    Path directory;

    @Test
    void twoProcessesTogetherNeverExceedTheLimit() throws Exception {
        Path file = directory.resolve("shared.sqlite3");
        TokenName name = new TokenName("SharedByTwoProcesses");
        try (TokenDatabase database = TokenDatabase.open(DatabaseSettings.defaults(DatabaseUrl.sqlite(file)))) {
            JdbcInviteTokens tokens = database.tokens(Clock.systemUTC());
            tokens.add(InviteToken.fresh(name, UsageLimit.of(5), Optional.empty(), "", Instant.now()));
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ReservingProcess.class.getName(),
                    file.toString(), name.value(), Integer.toString(THREADS_PER_PROCESS))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
                    Writer in = new OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8)) {
                assertThat(out.readLine()).isEqualTo("ready");
                in.write("go\n");
                in.flush();
                int here = ReservingProcess.race(tokens, name, THREADS_PER_PROCESS);
                String there = out.readLine();
                assertThat(other.waitFor(2, TimeUnit.MINUTES)).isTrue();

                assertThat(there).startsWith("reserved ");
                assertThat(here + Integer.parseInt(there.substring("reserved ".length()))).isEqualTo(5);
                assertThat(tokens.find(name).orElseThrow().pendingUses()).isEqualTo(5);
            } finally {
                other.destroyForcibly();
            }
        }
    }
}
