package org.matrixregistration.dist.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.matrixregistration.dist.config.PortalConfig;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback from the {@code logging} section: the root level, standard error always, and
 * the file named by a file handler's {@code filename} too. Core logs through
 * {@code java.util.logging}, which is bridged here so that one level and one format apply to all.
 */
public final class LoggingSetup {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private LoggingSetup() {}

    /** Applies {@code settings}; returns a message about the file if it could not be opened. */
    public static Optional<String> apply(PortalConfig.Logging settings) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.ALL);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(settings.rootLevel()));
        root.addAppender(console(context));
        // Libraries that are chatty at INFO about things an operator does not need.
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.xnio").setLevel(Level.WARN);
        context.getLogger("io.undertow").setLevel(Level.WARN);

        if (settings.file().isPresent()) {
            Path file = settings.file().get();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                root.addAppender(file(context, file));
            } catch (Exception e) {
                return Optional.of("cannot write the log file " + file + " (logging.handlers.*.filename): "
                        + e.getClass().getSimpleName() + "; logging to standard error only");
            }
        }
        return Optional.empty();
    }

    static Level level(String pythonLevel) {
        return switch (pythonLevel.toUpperCase(Locale.ROOT)) {
            case "DEBUG", "NOTSET" -> Level.DEBUG;
            case "WARNING", "WARN" -> Level.WARN;
            case "ERROR", "CRITICAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    private static FileAppender<ILoggingEvent> file(LoggerContext context, Path file) {
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context));
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("file appender did not start");
        }
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
