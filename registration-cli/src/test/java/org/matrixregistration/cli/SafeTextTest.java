package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void masksPasswordsInUrlsAndParameters() {
        assertThat(SafeText.redact("cannot reach postgresql://portal:hunter2@db:5432/portal, giving up"))
                .isEqualTo("cannot reach postgresql://portal:***@db:5432/portal, giving up");
        assertThat(SafeText.redact("jdbc:postgresql://db/portal?user=portal&Password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/portal?user=portal&Password=***&ssl=true");
    }

    @Test
    void leavesUrlsWithoutPasswordsAlone() {
        String plain = "Synapse at http://localhost:8008 and sqlite:////data/db.sqlite3 and https://user@example.org/x";

        assertThat(SafeText.redact(plain)).isEqualTo(plain);
    }
}
