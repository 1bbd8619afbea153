package org.matrixregistration.dist.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads the {@code logging} section, a Python {@code logging.config.dictConfig} as the old tool's
 * sample and the popular Docker guide have it, into {@link PortalConfig.Logging}.
 *
 * <p>What a Python logger would do with it is what the admin gets: the root level, the handlers
 * the root names with their own levels and formats, a file handler's {@code filename} and a
 * {@code RotatingFileHandler}'s {@code maxBytes} and {@code backupCount}, and the levels of loggers
 * named under {@code loggers}. Handlers of other kinds (syslog, SMTP, ...) are skipped with a
 * warning rather than refused, so that a file that worked keeps working.
 */
final class LoggingSection {
    static final Set<String> LEVELS = Set.of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "NOTSET");

    private final Function<String, Path> resolvePath;
    private final BiConsumer<String, String> problems;
    private final List<String> warnings;

    /**
     * @param resolvePath turns a configured path into an absolute one
     * @param problems    receives (key, message) for each value that cannot be used
     * @param warnings    receives what is ignored
     */
    LoggingSection(Function<String, Path> resolvePath, BiConsumer<String, String> problems, List<String> warnings) {
        this.resolvePath = resolvePath;
        this.problems = problems;
        this.warnings = warnings;
    }

    PortalConfig.Logging read(JsonNode logging) {
        if (logging.isMissingNode() || logging.isNull()) {
            return PortalConfig.Logging.defaults();
        }
        if (!logging.isObject()) {
            problems.accept("logging", "must be a mapping (Python's logging dictConfig)");
            return PortalConfig.Logging.defaults();
        }
        // INFO where the root names no level (Python's own default is WARNING): what this portal has
        // always done, and what an operator expects to see.
        String rootLevel = level("logging.root.level", logging.path("root").path("level"), "INFO");
        List<PortalConfig.LogHandler> handlers = new ArrayList<>();
        for (String name : handlerNames(logging)) {
            handler(logging, name).ifPresent(handlers::add);
        }
        Map<String, String> loggers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = logging.path("loggers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> logger = it.next();
            JsonNode level = logger.getValue().path("level");
            if (!level.isMissingNode()) {
                loggers.put(logger.getKey(), level("logging.loggers." + logger.getKey() + ".level", level, "NOTSET"));
            }
        }
        return new PortalConfig.Logging(rootLevel, handlers, loggers);
    }

    /** The handlers the root names, or every defined one when it names none. */
    private List<String> handlerNames(JsonNode logging) {
        List<String> names = new ArrayList<>();
        JsonNode named = logging.path("root").path("handlers");
        if (named.isArray()) {
            named.forEach(name -> names.add(name.asText()));
        } else {
            logging.path("handlers").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private Optional<PortalConfig.LogHandler> handler(JsonNode logging, String name) {
        String key = "logging.handlers." + name;
        JsonNode handler = logging.path("handlers").path(name);
        if (!handler.isObject()) {
            problems.accept("logging.root.handlers", "names the handler '" + name + "', which logging.handlers does"
                    + " not define");
            return Optional.empty();
        }
        String type = handler.path("class").asText("");
        boolean file = handler.path("filename").isTextual();
        if (!file && !type.endsWith("StreamHandler")) {
            warnings.add(key + " (" + type + ") is ignored: only stream and file handlers are supported");
            return Optional.empty();
        }
        String level = level(key + ".level", handler.path("level"), "NOTSET");
        Optional<String> format = Optional.empty();
        if (handler.path("formatter").isTextual()) {
            JsonNode formatter = logging.path("formatters").path(handler.path("formatter").asText());
            if (!formatter.isObject()) {
                problems.accept(key + ".formatter", "names '" + handler.path("formatter").asText()
                        + "', which logging.formatters does not define");
            } else if (formatter.path("format").isTextual()) {
                format = Optional.of(formatter.path("format").asText());
            }
        }
        long maxBytes = 0;
        int backupCount = 0;
        if (type.endsWith("RotatingFileHandler") && !type.endsWith("TimedRotatingFileHandler")) {
            maxBytes = count(key + ".maxBytes", handler.path("maxBytes"));
            backupCount = (int) Math.min(count(key + ".backupCount", handler.path("backupCount")), 1000);
        }
        return Optional.of(new PortalConfig.LogHandler(name, level, format,
                file ? Optional.of(resolvePath.apply(handler.path("filename").asText())) : Optional.empty(),
                maxBytes, backupCount));
    }

    private long count(String key, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (node.canConvertToLong() && node.isIntegralNumber() && node.longValue() >= 0) {
            return node.longValue();
        }
        if (node.isTextual() && node.asText().strip().matches("\\d{1,18}")) {
            return Long.parseLong(node.asText().strip());
        }
        problems.accept(key, "must be a whole number of at least 0; got '" + node.asText() + "'");
        return 0;
    }

    /** A Python level name (or number), upper-cased, {@code WARN} as {@code WARNING}. */
    private String level(String key, JsonNode node, String fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (node.isIntegralNumber()) {
            int value = node.intValue();
            return value <= 0 ? "NOTSET" : value <= 10 ? "DEBUG" : value <= 20 ? "INFO" : value <= 30 ? "WARNING"
                    : value <= 40 ? "ERROR" : "CRITICAL";
        }
        String level = node.asText().strip().toUpperCase(Locale.ROOT);
        level = switch (level) {
            case "WARN" -> "WARNING";
            case "FATAL" -> "CRITICAL";
            default -> level;
        };
        if (!LEVELS.contains(level)) {
            problems.accept(key, "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL; got '" + node.asText() + "'");
            return fallback;
        }
        return level;
    }
}
