package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.PortalFixture;
import org.slf4j.LoggerFactory;

/** No token or password ever reaches a log line, whatever is logged and at which level. */
class AccessLogIT {
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

    @BeforeEach
    void capture() {
        captured.start();
        root.addAppender(captured);
        access.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        access.detachAppender(captured);
    }

    @Test
    void logsEachRequestWithoutItsSecrets() throws Exception {
        try (PortalFixture portal = PortalFixture.start()) {
            portal.addToken("DoubleWizardSki", 0);
            portal.get("/register?token=DoubleWizardSki&lang=de");
            portal.postForm("/register", "username=alice&password=hunter2hunter2&confirm=hunter2hunter2&token=DoubleWizardSki");
            portal.postForm("/register", "username=bob&password=hunter2hunter2&confirm=other&token=GuessedToken");
        }
        Thread.sleep(100);

        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("127.0.0.1 \"GET /register?token=<redacted>&lang=de\" 200 "));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("127.0.0.1 \"POST /register\" 200 "));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("127.0.0.1 \"POST /register\" 400 "));
        assertThat(String.join("\n", lines)).doesNotContain("DoubleWizardSki", "GuessedToken", "hunter2");
    }
}
