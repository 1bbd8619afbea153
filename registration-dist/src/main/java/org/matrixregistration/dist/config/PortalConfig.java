package org.matrixregistration.dist.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.synapse.SynapseSettings;
import org.matrixregistration.web.WebSettings;
import org.matrixregistration.web.admin.AdminApiSettings;

/**
 * The whole configuration, validated: each adapter's own settings record, built by
 * {@link ConfigLoader} from the file, so that there is one model of each concern and whatever an
 * adapter would refuse is refused when the file is read (by {@code config check} as by
 * {@code serve}). Defaults live in the adapters' records, not here.
 *
 * @param homeserver {@code server_location}, {@code server_name}, {@code registration_shared_secret},
 *                   {@code homeserver_admin_token}, {@code homeserver_timeout}
 * @param database   {@code db}
 * @param web        the listener, the page and the sign-up limits
 * @param adminApi   {@code admin_api_*} and {@code public_url} (with {@code base_url})
 * @param approval   {@code approval.*}
 * @param warnings   things that work but deserve a look (unknown keys, the sample admin secret)
 */
public record PortalConfig(
        Path file,
        SynapseSettings homeserver,
        DatabaseSettings database,
        WebSettings web,
        AdminApiSettings adminApi,
        SignUp signUp,
        Tokens tokens,
        Logging logging,
        Metrics metrics,
        Approval approval,
        List<String> warnings) {

    public PortalConfig {
        warnings = List.copyOf(warnings);
    }

    /**
     * @param usernames {@code server_name}, {@code username.validation_regex}, {@code username.invalidation_regex}
     * @param passwords {@code password.min_length}
     * @param ipLogging {@code ip_logging}: record client addresses with token uses
     * @param reservationLifetime {@code reservation_lifetime}: how long a sign-up may hold a token use
     *                  before the settler takes it for over and asks the homeserver how it ended
     */
    public record SignUp(UsernameRules usernames, PasswordRules passwords, boolean ipLogging,
            Duration reservationLifetime) {}

    /**
     * @param wordsPerName {@code token_words}: words in a generated token name
     * @param store        {@code token_store}: where the invite tokens live
     */
    public record Tokens(int wordsPerName, TokenStore store) {
        public Tokens {
            Objects.requireNonNull(store, "store");
        }
    }

    /** The values of {@code token_store}. */
    public enum TokenStore {
        /** The portal's own database (the default): the portal alone admits sign-ups with its tokens. */
        PORTAL,
        /**
         * Synapse's own registration tokens ({@code /_synapse/admin/v1/registration_tokens}): one set of
         * invites for the portal and every Matrix client; needs {@code homeserver_admin_token}.
         */
        SYNAPSE;

        /** As written in {@code config.yaml}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

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
     * Sign-ups that wait for an admin's approval; available only with {@code homeserver_admin_token}.
     *
     * @param notifyRoom  {@code approval.notify_room}: a room ID or alias where requests and decisions
     *                    are announced, as the user of {@code homeserver_admin_token}
     * @param expireAfter {@code approval.expire_after}: pending requests nobody decides within this
     *                    are denied
     */
    public record Approval(Optional<String> notifyRoom, Duration expireAfter) {}

    /**
     * @param enabled {@code metrics.enabled}: serve Prometheus metrics
     * @param port    {@code metrics.port}: a separate port for them; empty to serve on the main port
     */
    public record Metrics(boolean enabled, Optional<Integer> port) {
        public static final Metrics DEFAULTS = new Metrics(true, Optional.empty());
    }
}
