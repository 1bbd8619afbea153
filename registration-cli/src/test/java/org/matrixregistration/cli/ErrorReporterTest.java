package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorReporterTest {
    @Test
    void masksPasswordsInUrlsAndParameters() {
        assertThat(ErrorReporter.redact("cannot reach postgresql://portal:hunter2@db:5432/portal, giving up"))
                .isEqualTo("cannot reach postgresql://portal:***@db:5432/portal, giving up");
        assertThat(ErrorReporter.redact("jdbc:postgresql://db/portal?user=portal&Password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/portal?user=portal&Password=***&ssl=true");
    }

    @Test
    void leavesUrlsWithoutPasswordsAlone() {
        String plain = "Synapse at http://localhost:8008 and sqlite:////data/db.sqlite3 and https://user@example.org/x";

        assertThat(ErrorReporter.redact(plain)).isEqualTo(plain);
    }
}
