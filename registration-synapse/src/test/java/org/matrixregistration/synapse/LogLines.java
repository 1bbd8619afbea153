package org.matrixregistration.synapse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every line this adapter logs while open, at every level, for tests that check what it logs and
 * what it never logs. {@link #close()} restores the level.
 */
final class LogLines implements AutoCloseable {
    private final Logger adapter = (Logger) LoggerFactory.getLogger(SynapseHomeserverAccounts.class.getPackageName());
    private final Level level = adapter.getLevel();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    LogLines() {
        captured.setContext(adapter.getLoggerContext());
        captured.start();
        adapter.addAppender(captured);
        adapter.setLevel(Level.TRACE);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(captured.list);
    }

    /** Each line as it reads, with its arguments and the message of any exception. */
    List<String> lines() {
        return events().stream().map(event -> event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage())).toList();
    }

    @Override
    public void close() {
        adapter.detachAppender(captured);
        captured.stop();
        adapter.setLevel(level);
    }
}
