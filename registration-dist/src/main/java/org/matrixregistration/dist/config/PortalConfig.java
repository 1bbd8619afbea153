package org.matrixregistration.dist.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The whole configuration, validated: one record per concern. Built only by {@link ConfigLoader},
 * which applies the defaults and reports every problem at once.
 *
 * @param warnings things that work but deserve a look (unknown keys, the sample admin secret)
 */
public record PortalConfig(
        Path file,
        Homeserver homeserver,
        Database database,
        Web web,
        AdminApi adminApi,
        Rules rules,
        Tokens tokens,
        Logging logging,
        Metrics metrics,
        List<String> warnings) {

    public PortalConfig {
        warnings = List.copyOf(warnings);
    }

    /**
     * @param serverLocation {@code server_location}: the homeserver's base URL (may have a path prefix)
     * @param serverName     {@code server_name}: the part after ':' in user IDs
     * @param sharedSecret   {@code registration_shared_secret}
     * @param adminToken     {@code homeserver_admin_token}: optional Synapse admin access token, for
     *                       exact username availability
     * @param timeout        {@code homeserver_timeout}: per request to the homeserver
     */
    public record Homeserver(URI serverLocation, String serverName, Secret sharedSecret, Optional<Secret> adminToken,
            Duration timeout) {}

    /**
     * @param url                 {@code db}: as the Python tool wrote it, or a JDBC URL
     * @param reservationLifetime {@code reservation_lifetime}: how long an unfinished sign-up holds a token use
     */
    public record Database(String url, Duration reservationLifetime) {
        @Override
        public String toString() {
            return "Database[url=" + url.replaceAll("//[^/@]*@", "//<credentials>@") + ", reservationLifetime="
                    + reservationLifetime + "]";
        }
    }

    /**
     * @param host           {@code host}: listen address
     * @param port           {@code port}
     * @param baseUrl        {@code base_url}: path prefix, '' or like {@code /element}
     * @param publicUrl      {@code public_url}: how people reach the portal, for invite links
     * @param clientRedirect {@code client_redirect}: where the success page sends people
     * @param clientLogo     {@code client_logo}: an image file shown on the page
     * @param rateLimits     {@code rate_limit}: per client address, e.g. "10 per minute"
     * @param trustedProxies {@code trusted_proxies}: peers whose X-Forwarded-For is believed
     * @param allowCors      {@code allow_cors}
     * @param ipLogging      {@code ip_logging}: record client addresses with token uses
     */
    public record Web(String host, int port, String baseUrl, Optional<URI> publicUrl, URI clientRedirect,
            Optional<Path> clientLogo, List<String> rateLimits, List<String> trustedProxies, boolean allowCors,
            boolean ipLogging) {
        public Web {
            rateLimits = List.copyOf(rateLimits);
            trustedProxies = List.copyOf(trustedProxies);
        }
    }

    /**
     * @param sharedSecret {@code admin_api_shared_secret}; empty or the sample placeholder disables the API
     * @param rateLimits   {@code admin_api_rate_limit}
     * @param failedAuthLimits {@code admin_api_failed_auth_limit}: wrong secrets one client may send
     * @param corsOrigins  {@code admin_api_cors_origins}: origins allowed to call the admin API from a browser
     */
    public record AdminApi(Secret sharedSecret, List<String> rateLimits, List<String> failedAuthLimits,
            List<String> corsOrigins) {
        /** The value in the Python tool's sample config, which must never guard a real API. */
        public static final String SAMPLE_PLACEHOLDER = "APIAdminPassword";

        public AdminApi {
            rateLimits = List.copyOf(rateLimits);
            failedAuthLimits = List.copyOf(failedAuthLimits);
            corsOrigins = List.copyOf(corsOrigins);
        }

        public boolean enabled() {
            return !sharedSecret.isEmpty() && !sharedSecret.value().equals(SAMPLE_PLACEHOLDER);
        }
    }

    /**
     * @param passwordMinLength {@code password.min_length}
     * @param usernameMustMatch {@code username.validation_regex}
     * @param usernameMustNotMatch {@code username.invalidation_regex}
     */
    public record Rules(int passwordMinLength, List<Pattern> usernameMustMatch, List<Pattern> usernameMustNotMatch) {
        public Rules {
            usernameMustMatch = List.copyOf(usernameMustMatch);
            usernameMustNotMatch = List.copyOf(usernameMustNotMatch);
        }
    }

    /** @param wordsPerName {@code token_words}: words in a generated token name */
    public record Tokens(int wordsPerName) {}

    /**
     * The part of the Python tool's {@code logging} dictConfig that is honoured: levels, the
     * handlers the root logger names, their levels, formats, files and rotation, and named loggers.
     *
     * @param rootLevel {@code logging.root.level}, a Python level name
     * @param handlers  the handlers {@code logging.root.handlers} names (all defined ones when it
     *                  names none), in that order; only stream and file handlers are kept
     * @param loggers   {@code logging.loggers.NAME.level}: levels of loggers named by the admin
     */
    public record Logging(String rootLevel, List<LogHandler> handlers, Map<String, String> loggers) {
        public Logging {
            handlers = List.copyOf(handlers);
            loggers = Map.copyOf(loggers);
        }

        /** INFO to standard error, what an absent {@code logging} section means. */
        public static Logging defaults() {
            return new Logging("INFO", List.of(), Map.of());
        }

        /** The first file handler's file, if any. */
        public Optional<Path> file() {
            return handlers.stream().flatMap(handler -> handler.file().stream()).findFirst();
        }
    }

    /**
     * One handler of the dictConfig.
     *
     * @param name        its key under {@code logging.handlers}
     * @param level       its {@code level}, a Python level name ({@code NOTSET} shows everything)
     * @param format      its formatter's {@code format}, in Python's {@code %(name)s} syntax
     * @param file        {@code filename} for a file handler; empty for a stream handler
     * @param maxBytes    {@code maxBytes} of a {@code RotatingFileHandler}: roll over at this size;
     *                    0 never rolls over (as in Python)
     * @param backupCount {@code backupCount}: rolled-over files kept; 0 never rolls over (as in Python)
     */
    public record LogHandler(String name, String level, Optional<String> format, Optional<Path> file, long maxBytes,
            int backupCount) {
        public boolean rotates() {
            return file.isPresent() && maxBytes > 0 && backupCount > 0;
        }
    }

    /**
     * @param enabled {@code metrics.enabled}: serve Prometheus metrics
     * @param port    {@code metrics.port}: a separate port for them; empty to serve on the main port
     */
    public record Metrics(boolean enabled, Optional<Integer> port) {}
}
