package org.matrixregistration.dist.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.dist.config.PortalConfig;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback from the {@code logging} section as Python's logging would have applied it,
 * so that a configuration written for the old tool logs the same events to the same places.
 *
 * <ul>
 *   <li>Each handler the root names shows only events at or above its own {@code level}; a stream
 *       handler writes to standard error (standard output is the commands' own: {@code generate}
 *       prints a bare token name there), a file handler to its {@code filename}, rolled over at
 *       {@code maxBytes} into {@code backupCount} numbered files as a {@code RotatingFileHandler}
 *       does. With no stream handler configured, standard error still gets the root level.</li>
 *   <li>The root level applies to this portal's own loggers. Other libraries' internals (the JDK's
 *       HTTP client, JMX, security events) log at INFO at the most verbose, and the chatty ones
 *       (Flyway, HikariCP, Undertow, XNIO) at WARN, unless {@code logging.loggers} names them: a
 *       root at DEBUG, as the Docker guide sets it, must not fill a small disk with their DEBUG
 *       lines.</li>
 * </ul>
 * Core logs through {@code java.util.logging}, which is bridged so that all of this applies to it.
 */
public final class LoggingSetup {
    static final String OWN_LOGGERS = "org.matrixregistration";
    private static final String DEFAULT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";
    private static final List<String> QUIET_LIBRARIES = List.of("org.flywaydb", "com.zaxxer.hikari", "org.xnio", "io.undertow");
    /** How often a rotating file's size is looked at; Python looks at every event. */
    private static final Duration ROTATION_CHECK = Duration.buildBySeconds(1);
    /** Logback keeps at most this many rolled-over files. */
    static final int MAX_BACKUPS = 20;

    private LoggingSetup() {}

    /** Applies {@code settings}; returns what could not be applied (an unwritable file), one line each. */
    public static List<String> apply(PortalConfig.Logging settings) {
        return apply(settings, ROTATION_CHECK);
    }

    static List<String> apply(PortalConfig.Logging settings, Duration rotationCheck) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        // java.util.logging loggers get logback's levels, so that a disabled event is not even
        // made (the JDK's HTTP client builds thousands of DEBUG records otherwise).
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        Level rootLevel = level(settings.rootLevel());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel.isGreaterOrEqual(Level.INFO) ? rootLevel : Level.INFO);
        context.getLogger(OWN_LOGGERS).setLevel(rootLevel);
        for (String library : QUIET_LIBRARIES) {
            context.getLogger(library).setLevel(rootLevel.isGreaterOrEqual(Level.WARN) ? rootLevel : Level.WARN);
        }
        for (Map.Entry<String, String> named : settings.loggers().entrySet()) {
            context.getLogger(named.getKey()).setLevel(level(named.getValue()));
        }

        List<String> problems = new ArrayList<>();
        boolean console = false;
        for (PortalConfig.LogHandler handler : settings.handlers()) {
            if (handler.file().isEmpty()) {
                console = true;
                root.addAppender(console(context, handler.name(), handler.level(), handler.format()));
                continue;
            }
            Path file = handler.file().get();
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                root.addAppender(file(context, handler, file, rotationCheck));
            } catch (Exception e) {
                problems.add("cannot write the log file " + file + " (logging.handlers." + handler.name()
                        + ".filename): " + e.getClass().getSimpleName() + "; not logging to it");
            }
        }
        if (!console) {
            root.addAppender(console(context, "stderr", "NOTSET", Optional.empty()));
        }
        return problems;
    }

    /** Python's level names as logback levels; {@code NOTSET} lets everything through. */
    static Level level(String pythonLevel) {
        return switch (pythonLevel.toUpperCase(Locale.ROOT)) {
            case "NOTSET" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARNING", "WARN" -> Level.WARN;
            case "ERROR", "CRITICAL", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static Appender<ILoggingEvent> console(LoggerContext context, String name, String level, Optional<String> format) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setTarget("System.err");
        return started(context, appender, name, level, format);
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, PortalConfig.LogHandler handler, Path file,
            Duration rotationCheck) {
        FileAppender<ILoggingEvent> appender;
        if (handler.rotates()) {
            RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
            rolling.setContext(context);
            rolling.setFile(file.toString());
            FixedWindowRollingPolicy rollingPolicy = new FixedWindowRollingPolicy();
            rollingPolicy.setContext(context);
            rollingPolicy.setParent(rolling);
            // Python's names: m_reg.log.1 is the newest rolled-over file.
            rollingPolicy.setFileNamePattern(file.toString().replace("%", "\\%") + ".%i");
            rollingPolicy.setMinIndex(1);
            rollingPolicy.setMaxIndex(Math.min(handler.backupCount(), MAX_BACKUPS));
            rollingPolicy.start();
            SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
            trigger.setContext(context);
            trigger.setMaxFileSize(new FileSize(handler.maxBytes()));
            trigger.setCheckIncrement(rotationCheck);
            trigger.start();
            rolling.setRollingPolicy(rollingPolicy);
            rolling.setTriggeringPolicy(trigger);
            appender = rolling;
        } else {
            appender = new FileAppender<>();
        }
        appender.setFile(file.toString());
        appender.setAppend(true);
        started(context, appender, handler.name(), handler.level(), handler.format());
        if (!appender.isStarted()) {
            throw new IllegalStateException("file appender did not start");
        }
        return appender;
    }

    private static Appender<ILoggingEvent> started(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender,
            String name, String level, Optional<String> format) {
        appender.setContext(context);
        appender.setName(name);
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level(level).toString());
        threshold.start();
        appender.addFilter(threshold);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(format.map(PythonLogFormat::toPattern).orElse(DEFAULT_PATTERN));
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
