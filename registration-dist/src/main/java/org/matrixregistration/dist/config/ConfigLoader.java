package org.matrixregistration.dist.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.approval.RequestDecisions;
import org.matrixregistration.core.session.SessionPolicy;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.synapse.SynapseRoomAnnouncements;
import org.matrixregistration.synapse.SynapseSettings;
import org.matrixregistration.web.WebSettings;
import org.matrixregistration.web.admin.AdminApiSettings;

/**
 * Reads {@code config.yaml} as users of the Python matrix-registration write it, plus this
 * project's additions, into each adapter's own settings record ({@link PortalConfig}).
 *
 * <p>Every problem is collected and reported at once, each naming its key: a value an adapter's
 * settings would refuse is refused here, so {@code config check} passes exactly the files
 * {@code serve} accepts. Defaults are the adapters' own: an absent key is simply not set. Unknown
 * keys are warnings that name the nearest known key. Secrets may come from the environment, a
 * file or a systemd credential (see {@link ConfigValues#secret}); no message ever shows one, not
 * even a YAML syntax error on a secret's line.
 */
public final class ConfigLoader {
    /** Admin secrets shorter than this draw a warning: they can be guessed offline from a leak. */
    static final int SHORT_ADMIN_SECRET = 16;
    private static final Pattern KEY_OF_LINE = Pattern.compile("^\\s*([A-Za-z_][\\w.]*)\\s*:");
    private static final Pattern QUOTED = Pattern.compile("'[^'<>]{2,}'");
    /** Stands in for a missing required value while the rest is validated; never used otherwise. */
    private static final String PLACEHOLDER = "missing.invalid";

    private final Map<String, String> environment;
    private final Path workingDirectory;

    public ConfigLoader(Map<String, String> environment, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    /** Loads and validates {@code file}; throws {@link ConfigException} listing every problem. */
    public PortalConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, List.of(new ConfigProblem("(file)", "cannot be read: " + e.getMessage())));
        }
        JsonNode root;
        try {
            root = YamlTree.read(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, List.of(syntaxError(text, e)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = MissingNode.getInstance();
        } else if (!root.isObject()) {
            throw new ConfigException(file, List.of(new ConfigProblem("(file)", "must be a YAML mapping of keys to values")));
        }
        ConfigValues in = new ConfigValues(root, file, workingDirectory, environment);
        KnownKeys.warnAboutUnknown(root, "", in.warnings);
        PortalConfig config = read(in, file);
        if (!in.problems.isEmpty()) {
            throw new ConfigException(file, in.problems);
        }
        return config;
    }

    /**
     * Where the syntax breaks and what the parser says, but never the text of the line: the parser
     * quotes it, and it may hold a secret.
     */
    private static ConfigProblem syntaxError(String text, JsonProcessingException e) {
        String problem = Optional.ofNullable(e.getOriginalMessage()).orElse("").lines().findFirst().orElse("").strip();
        problem = QUOTED.matcher(problem).replaceAll("'...'");
        if (e.getLocation() == null) {
            return new ConfigProblem("(file)", "is not valid YAML: " + problem);
        }
        int line = e.getLocation().getLineNr();
        String key = text.lines().skip(Math.max(0, line - 1)).findFirst()
                .map(KEY_OF_LINE::matcher).filter(Matcher::find).map(m -> " (key " + m.group(1) + ")").orElse("");
        return new ConfigProblem("(file)", "is not valid YAML at line " + line + ", column " + e.getLocation().getColumnNr()
                + key + ": " + problem);
    }

    private PortalConfig read(ConfigValues in, Path file) {
        Optional<String> serverName = in.string("server_name");
        if (serverName.isEmpty()) {
            in.problem("server_name", "is required: the homeserver's name as in @alice:NAME");
        }
        Optional<SynapseSettings> homeserver = homeserver(in, serverName);
        Optional<DatabaseSettings> database = database(in);
        Optional<WebSettings> web = web(in);
        Optional<AdminApiSettings> adminApi = adminApi(in, web);
        List<Pattern> mustMatch = in.patterns("username.validation_regex");
        List<Pattern> mustNotMatch = in.patterns("username.invalidation_regex");
        int minLength = in.integer("password.min_length", 1, PasswordRules.MAX_LENGTH).orElse(PasswordRules.DEFAULT_MIN_LENGTH);
        boolean ipLogging = in.bool("ip_logging").orElse(false);
        Duration lifetime = in.duration("reservation_lifetime").orElse(Reservation.DEFAULT_LIFETIME);
        homeserver.ifPresent(settings -> checkLifetime(in, lifetime, settings));
        Optional<PortalConfig.SignUp> signUp = in.attempt("server_name", () -> new PortalConfig.SignUp(
                new UsernameRules(serverName.orElse(PLACEHOLDER), mustMatch, mustNotMatch), new PasswordRules(minLength),
                ipLogging, lifetime));
        int words = in.integer("token_words", WordListTokenNames.MIN_WORDS, WordListTokenNames.MAX_WORDS)
                .orElse(WordListTokenNames.DEFAULT_WORDS);
        PortalConfig.TokenStore tokenStore = tokenStore(in, homeserver);
        PortalConfig.Logging logging = new LoggingSection(in::path, in::problem, in.warnings).read(in.node("logging"));
        PortalConfig.Metrics metrics = new PortalConfig.Metrics(
                in.bool("metrics.enabled").orElse(PortalConfig.Metrics.DEFAULTS.enabled()),
                in.integer("metrics.port", 1, 65535));

        PortalConfig.Approval approval = approval(in, homeserver);

        if (!in.problems.isEmpty()) {
            return null;
        }
        return new PortalConfig(file, homeserver.orElseThrow(), database.orElseThrow(), web.orElseThrow(),
                adminApi.orElseThrow(), signUp.orElseThrow(), new PortalConfig.Tokens(words, tokenStore), logging, metrics,
                approval, in.warnings);
    }

    /**
     * {@code token_store}: {@code portal} (the default) or {@code synapse}, which reads and writes
     * Synapse's registration tokens with {@code homeserver_admin_token} and so needs it.
     */
    private static PortalConfig.TokenStore tokenStore(ConfigValues in, Optional<SynapseSettings> homeserver) {
        String value = in.string("token_store").map(String::strip).orElse(PortalConfig.TokenStore.PORTAL.key());
        PortalConfig.TokenStore store = switch (value) {
            case "portal" -> PortalConfig.TokenStore.PORTAL;
            case "synapse" -> PortalConfig.TokenStore.SYNAPSE;
            default -> {
                in.problem("token_store", "must be 'portal' (the portal's own database, the default) or 'synapse'"
                        + " (Synapse's registration tokens); got '" + value + "'");
                yield PortalConfig.TokenStore.PORTAL;
            }
        };
        if (store == PortalConfig.TokenStore.SYNAPSE && homeserver.isPresent() && homeserver.get().adminToken().isEmpty()) {
            in.problem("token_store", "synapse needs homeserver_admin_token (the access token of a Synapse admin): the"
                    + " portal reads and writes Synapse's registration tokens with it");
        }
        if (store == PortalConfig.TokenStore.SYNAPSE && in.string("approval.notify_room").isPresent()) {
            in.warnings.add("approval.notify_room is ignored: tokens cannot require approval with token_store: synapse");
        }
        return store;
    }

    private static PortalConfig.Approval approval(ConfigValues in, Optional<SynapseSettings> homeserver) {
        Optional<String> room = in.string("approval.notify_room").map(String::strip).filter(text -> !text.isEmpty());
        if (room.isPresent() && !SynapseRoomAnnouncements.isRoomReference(room.get())) {
            in.problem("approval.notify_room", "must be a room ID (!abc:example.org) or an alias (#admins:example.org)");
        }
        if (room.isPresent() && homeserver.isPresent() && homeserver.get().adminToken().isEmpty()) {
            in.warnings.add("approval.notify_room is ignored: sign-ups that wait for approval need homeserver_admin_token");
        }
        Duration expireAfter = in.duration("approval.expire_after").orElse(RequestDecisions.DEFAULT_EXPIRY);
        if (expireAfter.compareTo(Duration.ofHours(1)) < 0) {
            in.problem("approval.expire_after", "must be at least 1h, so that admins have time to decide; got "
                    + expireAfter.toSeconds() + " s");
        }
        return new PortalConfig.Approval(room, expireAfter);
    }

    private static Optional<SynapseSettings> homeserver(ConfigValues in, Optional<String> serverName) {
        String location = in.string("server_location").orElse(SynapseSettings.DEFAULT_SERVER_LOCATION);
        Optional<Secret> sharedSecret = in.secret("registration_shared_secret", true);
        Optional<Secret> adminToken = in.secret("homeserver_admin_token", false).filter(secret -> !secret.isEmpty());
        Optional<Duration> timeout = in.duration("homeserver_timeout");
        // Built with placeholders for missing required values too, so that every other problem shows.
        return in.attempt("server_location", () -> {
            SynapseSettings settings = SynapseSettings.of(location, serverName.orElse(PLACEHOLDER),
                    sharedSecret.map(Secret::value).orElse(PLACEHOLDER));
            if (adminToken.isPresent()) {
                settings = settings.withAdminToken(adminToken.get().value());
            }
            return timeout.isPresent() ? settings.withRequestTimeout(timeout.get()) : settings;
        });
    }

    private static Optional<DatabaseSettings> database(ConfigValues in) {
        String db = in.string("db").orElse(DatabaseSettings.DEFAULT_DB);
        return in.attempt("db", () -> DatabaseSettings.forDbSetting(db, in.workingDirectory()));
    }

    /**
     * A sign-up still running when its reservation is taken for over could be settled as "no
     * account" just before its account is made, and admit one more than the limit. Its registration
     * request reaches Synapse at most two requests (nonce, registration, each bounded by
     * {@code homeserver_timeout}) after the reservation, which itself waits at most 15 s for the
     * database; Synapse then needs up to about one more timeout to finish. The lifetime must exceed
     * that: 3 x {@code homeserver_timeout} + 30 s.
     */
    private static void checkLifetime(ConfigValues in, Duration lifetime, SynapseSettings homeserver) {
        // Added up rather than Duration.multipliedBy, which computes in BigDecimal: initialising it
        // took about 25 ms of every start.
        Duration timeout = homeserver.requestTimeout();
        Duration longestSignUp = timeout.plus(timeout).plus(timeout).plus(Duration.ofSeconds(30));
        if (lifetime.compareTo(longestSignUp) < 0) {
            in.problem("reservation_lifetime", "must be longer than a sign-up can take: at least 3 x homeserver_timeout"
                    + " + 30 s = " + longestSignUp.toSeconds() + " s; got " + lifetime.toSeconds() + " s");
        }
    }

    private static Optional<WebSettings> web(ConfigValues in) {
        WebSettings.Builder web = WebSettings.builder();
        in.string("host").ifPresent(web::host);
        in.integer("port", 0, 65535).ifPresent(web::port);
        in.string("base_url").ifPresent(web::baseUrl);
        Optional<String> riot = in.string("riot_instance");
        if (riot.isPresent()) {
            in.warnings.add("riot_instance is deprecated; use client_redirect");
        }
        in.string("client_redirect").or(() -> riot)
                .ifPresent(redirect -> in.attempt("client_redirect", () -> web.clientRedirect(redirect)));
        in.string("client_logo").filter(logo -> !logo.isBlank()).flatMap(logo -> logo(in, logo)).ifPresent(web::clientLogo);
        in.stringList("rate_limit").ifPresent(limits -> in.attempt("rate_limit", () -> web.rateLimits(limits)));
        abuseLimits(in, web);
        in.stringList("trusted_proxies").ifPresent(web::trustedProxies);
        in.bool("allow_cors").ifPresent(web::allowCors);
        in.duration("shutdown_grace").ifPresent(web::shutdownGrace);
        return in.attempt("host", web::build);
    }

    /** The limits on guessing tokens and on slow or greedy clients (issue 15). */
    private static void abuseLimits(ConfigValues in, WebSettings.Builder web) {
        in.stringList("failed_token_limit").ifPresent(limits -> in.attempt("failed_token_limit",
                () -> web.failedTokenLimits(limits)));
        in.stringList("failed_token_network_limit").ifPresent(limits -> in.attempt("failed_token_network_limit",
                () -> web.failedTokenNetworkLimits(limits)));
        in.stringList("failed_token_global_limit").ifPresent(limits -> in.attempt("failed_token_global_limit",
                () -> web.failedTokenGlobalLimits(limits)));
        in.duration("request_body_timeout").ifPresent(web::requestBodyTimeout);
        in.integer("max_connections_per_client", 2, 100_000).ifPresent(web::maxConnectionsPerClient);
    }

    /**
     * The Python tool looked up a relative {@code client_logo} inside its own package (its sample
     * says {@code static/images/element-logo.png}); such a path means nothing here, so it shows no
     * logo and says so, rather than refusing to start a configuration that used to work.
     */
    private static Optional<Path> logo(ConfigValues in, String text) {
        Path path = in.path(text);
        if (!Path.of(text).isAbsolute() && text.startsWith("static/") && !Files.exists(path)) {
            in.warnings.add("client_logo '" + text + "' pointed into the Python tool's own files; no logo is shown."
                    + " Put your logo in the data directory and name its path here");
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static Optional<AdminApiSettings> adminApi(ConfigValues in, Optional<WebSettings> web) {
        AdminApiSettings.Builder admin = AdminApiSettings.builder().zone(ZoneId.systemDefault()).version(version());
        Optional<Secret> secret = in.secret("admin_api_shared_secret", false);
        String value = secret.map(Secret::value).orElse("");
        if (value.isBlank()) {
            in.warnings.add("admin_api_shared_secret is empty: the admin API is disabled");
        } else if (value.equals(AdminApiSettings.SAMPLE_PLACEHOLDER)) {
            in.warnings.add("admin_api_shared_secret is still the sample value '" + AdminApiSettings.SAMPLE_PLACEHOLDER
                    + "': the admin API is disabled until you set a secret of your own");
        } else if (value.length() < SHORT_ADMIN_SECRET) {
            in.warnings.add("admin_api_shared_secret (from " + secret.get().source() + ") has fewer than "
                    + SHORT_ADMIN_SECRET + " characters; a longer random one (openssl rand -hex 24) cannot be guessed");
        }
        secret.ifPresent(s -> admin.sharedSecret(s.value()));
        in.stringList("admin_api_rate_limit").ifPresent(limits -> in.attempt("admin_api_rate_limit",
                () -> admin.rateLimits(limits)));
        in.stringList("admin_api_failed_auth_limit").ifPresent(limits -> in.attempt("admin_api_failed_auth_limit",
                () -> admin.failedAuthLimits(limits)));
        in.stringList("admin_api_cors_origins").ifPresent(admin::corsOrigins);
        Duration idle = in.duration("admin_console_idle_timeout").orElse(SessionPolicy.DEFAULT_IDLE_TIMEOUT);
        Duration lifetime = in.duration("admin_console_session_lifetime").orElse(SessionPolicy.DEFAULT_MAX_AGE);
        in.attempt("admin_console_idle_timeout", () -> admin.consoleSessions(new SessionPolicy(idle, lifetime)));
        Optional<URI> publicUrl = in.uri("public_url", true);
        if (publicUrl.isPresent() && web.isPresent()) {
            String base = publicUrl.get().toString().replaceAll("/+$", "");
            admin.publicUrl(URI.create(base + web.get().baseUrl()));
        }
        return in.attempt("admin_api_shared_secret", admin::build);
    }

    /** This build's version, from the jar's manifest; {@code development} when run from classes. */
    static String version() {
        return Optional.ofNullable(ConfigLoader.class.getPackage().getImplementationVersion()).orElse("development");
    }
}
