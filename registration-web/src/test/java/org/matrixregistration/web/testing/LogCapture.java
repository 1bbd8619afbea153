package org.matrixregistration.web.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Every log event, for tests that check what never reaches a log: while open, this project's
 * loggers are at TRACE and every other logback logger (the root and those a configuration names)
 * at DEBUG,
 * {@code java.util.logging} (which core uses) is bridged at ALL, and the
 * root's own appenders are set aside, so that a test sees a password logged at DEBUG by any
 * module without printing the flood. {@link #close()} restores everything.
 */
public final class LogCapture implements AutoCloseable {
    /**
     * This project's loggers are seen at TRACE; libraries at DEBUG, the most an admin would turn on
     * for them (Undertow's TRACE prints each request line, paths included, for its developers).
     */
    private static final String OWN_CODE = "org.matrixregistration";
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();
    private final Map<Logger, Boolean> additivity = new HashMap<>();
    private final List<Appender<ILoggingEvent>> rootAppenders = new ArrayList<>();
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final java.util.logging.Level julLevel = julRoot.getLevel();
    private final java.util.logging.Handler[] julHandlers = julRoot.getHandlers();

    private LogCapture() {
        for (Logger logger : context.getLoggerList()) {
            levels.put(logger, logger.getLevel());
            additivity.put(logger, logger.isAdditive());
            logger.setLevel(logger.getName().startsWith(OWN_CODE) ? Level.TRACE : Level.DEBUG);
            logger.setAdditive(true);
        }
        Logger own = context.getLogger(OWN_CODE);
        levels.putIfAbsent(own, own.getLevel());
        own.setLevel(Level.TRACE);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            rootAppenders.add(it.next());
        }
        rootAppenders.forEach(root::detachAppender);
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        for (java.util.logging.Handler handler : julHandlers) {
            julRoot.removeHandler(handler);
        }
        SLF4JBridgeHandler.install();
        julRoot.setLevel(java.util.logging.Level.ALL);
    }

    public static LogCapture everything() {
        return new LogCapture();
    }

    /**
     * Each event as a line: logger, level, message with its arguments, and any exception with its
     * trace. The JDK's own loggers ({@code jdk.*}) are left out: at this level the HTTP client
     * of the test itself logs the requests it sends, secrets included, as its authors intend.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            if (event.getLoggerName().startsWith("jdk.")) {
                continue;
            }
            String throwable = event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            lines.add(event.getLoggerName() + " " + event.getLevel() + " " + event.getFormattedMessage() + throwable);
        }
        return lines;
    }

    /** All lines as one text, to search. */
    public String text() {
        return String.join("\n", lines());
    }

    @Override
    public void close() {
        root.detachAppender(captured);
        captured.stop();
        levels.forEach(Logger::setLevel);
        additivity.forEach(Logger::setAdditive);
        rootAppenders.forEach(root::addAppender);
        SLF4JBridgeHandler.uninstall();
        for (java.util.logging.Handler handler : julHandlers) {
            julRoot.addHandler(handler);
        }
        julRoot.setLevel(julLevel);
    }
}
