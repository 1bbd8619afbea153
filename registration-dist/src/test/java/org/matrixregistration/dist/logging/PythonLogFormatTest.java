package org.matrixregistration.dist.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonLogFormatTest {

    @Test
    void translatesTheOldSamplesFormatters() {
        assertThat(PythonLogFormat.toPattern("%(name)s - %(levelname)s - %(message)s"))
                .isEqualTo("%logger - %level - %msg%n");
        assertThat(PythonLogFormat.toPattern("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
                .isEqualTo("%d{\"yyyy-MM-dd HH:mm:ss,SSS\"} - %logger - %level - %msg%n");
    }

    @Test
    void keepsWidthsAndEscapesWhatLogbackWouldReadAsSyntax() {
        assertThat(PythonLogFormat.toPattern("[%(levelname)-8s] (%(threadName)s) 100%% %(message)s"))
                .isEqualTo("[%-8level] \\(%thread\\) 100\\% %msg%n");
    }

    @Test
    void printsNothingForFieldsItCannotFill() {
        assertThat(PythonLogFormat.toPattern("%(process)d %(message)s")).isEqualTo(" %msg%n");
    }
}
