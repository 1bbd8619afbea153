package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.LogCapture;
import org.matrixregistration.web.testing.PortalFixture;

/** No token or password ever reaches a log line, whatever is logged and at which level. */
class AccessLogIT {

    @Test
    void logsEachRequestWithoutItsSecrets() throws Exception {
        List<String> lines;
        try (LogCapture logs = LogCapture.everything()) {
            try (PortalFixture portal = PortalFixture.start()) {
                portal.addToken("DoubleWizardSki", 0);
                portal.get("/register?token=DoubleWizardSki&lang=de");
                portal.postForm("/register", "username=alice&password=hunter2hunter2&confirm=hunter2hunter2&token=DoubleWizardSki");
                portal.postForm("/register", "username=bob&password=hunter2hunter2&confirm=other&token=GuessedToken");
                portal.postJson("/register", "{\"username\": \"carol\", \"password\": \"hunter2hunter2\", "
                        + "\"confirm\": \"hunter2hunter2\", \"token\": \"DoubleWizardSki\"}");
            }
            Thread.sleep(100);
            lines = logs.lines();
        }

        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("127.0.0.1 \"GET /register?token=<redacted>&lang=de\" 200 "));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("127.0.0.1 \"POST /register\" 200 "));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("127.0.0.1 \"POST /register\" 400 "));
        assertThat(lines).as("TRACE and DEBUG events were seen").anySatisfy(line -> assertThat(line).contains(" DEBUG "));
        assertThat(String.join("\n", lines)).doesNotContain("DoubleWizardSki", "GuessedToken", "hunter2");
    }
}
