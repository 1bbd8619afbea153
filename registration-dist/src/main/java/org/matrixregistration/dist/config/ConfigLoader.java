package org.matrixregistration.dist.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code config.yaml} as users of the Python matrix-registration write it, plus this
 * project's additions, into a {@link PortalConfig}.
 *
 * <p>Every problem is collected and reported at once, each naming its key. Unknown keys are
 * warnings that name the nearest known key. Secrets ({@code registration_shared_secret},
 * {@code admin_api_shared_secret}, {@code homeserver_admin_token}) may come from, in this order of
 * precedence: the environment variable {@code MATRIX_REGISTRATION_<KEY>} (upper case), a file named
 * by {@code <key>_file}, a systemd credential named {@code <key>} in {@code $CREDENTIALS_DIRECTORY},
 * and last the value in the file itself.
 */
public final class ConfigLoader {
    static final String ENV_PREFIX = "MATRIX_REGISTRATION_";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    /** Every key this version understands, with dots for nesting; {@code logging} is free-form below. */
    static final Set<String> KNOWN_KEYS = Set.of(
            "server_location", "server_name", "registration_shared_secret", "registration_shared_secret_file",
            "admin_api_shared_secret", "admin_api_shared_secret_file", "homeserver_admin_token",
            "homeserver_admin_token_file", "homeserver_timeout", "base_url", "public_url", "client_redirect",
            "client_logo", "db", "reservation_lifetime", "host", "port", "rate_limit", "admin_api_rate_limit",
            "admin_api_failed_auth_limit",
            "admin_api_cors_origins", "trusted_proxies", "allow_cors", "ip_logging", "logging", "password",
            "password.min_length", "username", "username.validation_regex", "username.invalidation_regex",
            "token_words", "metrics", "metrics.enabled", "metrics.port",
            // Keys of older Python releases that are accepted and ignored or mapped.
            "riot_instance");

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public ConfigLoader(Map<String, String> environment, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    /** Loads and validates {@code file}; throws {@link ConfigException} listing every problem. */
    public PortalConfig load(Path file) {
        JsonNode root;
        try {
            root = yaml.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigException(file, List.of(new ConfigProblem("(file)", "is not valid YAML" + where + ": "
                    + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(file, List.of(new ConfigProblem("(file)", "cannot be read: " + e.getMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = MissingNode.getInstance();
        } else if (!root.isObject()) {
            throw new ConfigException(file, List.of(new ConfigProblem("(file)", "must be a YAML mapping of keys to values")));
        }
        Reader in = new Reader(root, file);
        PortalConfig config = in.read();
        if (!in.problems.isEmpty()) {
            throw new ConfigException(file, in.problems);
        }
        return config;
    }

    /** One pass over one file, collecting problems and warnings. */
    private final class Reader {
        private final JsonNode root;
        private final Path file;
        private final List<ConfigProblem> problems = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        Reader(JsonNode root, Path file) {
            this.root = root;
            this.file = file;
        }

        PortalConfig read() {
            warnAboutUnknownKeys(root, "");

            URI serverLocation = uri("server_location", Optional.of("http://localhost:8008"), true).orElse(null);
            String serverName = string("server_name", null);
            if (serverName != null && (serverName.isBlank() || serverName.contains("/") || serverName.startsWith("@"))) {
                problem("server_name", "must be the homeserver's name as in @alice:NAME, e.g. example.org; got '"
                        + serverName + "'");
            }
            Secret sharedSecret = secret("registration_shared_secret", true).orElse(null);
            Optional<Secret> adminToken = secret("homeserver_admin_token", false).filter(s -> !s.isEmpty());
            Duration timeout = duration("homeserver_timeout", Duration.ofSeconds(10));

            String db = string("db", "sqlite:///{cwd}/db.sqlite3");
            Duration reservationLifetime = duration("reservation_lifetime", Duration.ofMinutes(10));

            String host = string("host", "localhost");
            int port = integer("port", 5000, 0, 65535);
            String baseUrl = string("base_url", "");
            if (baseUrl != null) {
                baseUrl = baseUrl.strip();
                while (baseUrl.endsWith("/")) {
                    baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
                }
                if (!baseUrl.isEmpty() && (!baseUrl.startsWith("/") || baseUrl.contains("?") || baseUrl.contains("#"))) {
                    problem("base_url", "must be empty or a path such as /element; got '" + baseUrl + "'");
                }
            }
            Optional<URI> publicUrl = uri("public_url", Optional.empty(), true);
            String redirectDefault = root.path("riot_instance").isTextual() ? root.path("riot_instance").asText()
                    : "https://app.element.io/#/login";
            if (root.has("riot_instance")) {
                warnings.add("riot_instance is deprecated; use client_redirect");
            }
            URI clientRedirect = uri("client_redirect", Optional.of(redirectDefault), false).orElse(null);
            Optional<Path> clientLogo = absent(node("client_logo")) ? Optional.empty()
                    : Optional.of(string("client_logo", "")).filter(s -> !s.isBlank()).flatMap(this::logo);
            List<String> rateLimits = stringList("rate_limit", List.of("100 per day", "10 per minute"));
            List<String> trustedProxies = stringList("trusted_proxies", List.of("127.0.0.1/8", "::1/128"));
            boolean allowCors = bool("allow_cors", false);
            boolean ipLogging = bool("ip_logging", false);

            Secret adminSecret = secret("admin_api_shared_secret", false).orElse(new Secret("", "(not set)"));
            if (adminSecret.isEmpty()) {
                warnings.add("admin_api_shared_secret is empty: the admin API is disabled");
            } else if (adminSecret.value().equals(PortalConfig.AdminApi.SAMPLE_PLACEHOLDER)) {
                warnings.add("admin_api_shared_secret is still the sample value 'APIAdminPassword': the admin API is"
                        + " disabled until you set a secret of your own");
            }
            List<String> adminRateLimits = stringList("admin_api_rate_limit", List.of("60 per minute"));
            List<String> adminFailedAuthLimits = stringList("admin_api_failed_auth_limit",
                    List.of("10 per minute", "100 per day"));
            List<String> adminCors = stringList("admin_api_cors_origins", List.of());

            int minLength = integer("password.min_length", 8, 1, 512);
            List<Pattern> mustMatch = patterns("username.validation_regex");
            List<Pattern> mustNotMatch = patterns("username.invalidation_regex");
            int words = integer("token_words", 3, 2, 8);

            PortalConfig.Logging logging = new LoggingSection(this::resolvePath, this::problem, warnings).read(node("logging"));
            boolean metricsEnabled = bool("metrics.enabled", true);
            Optional<Integer> metricsPort = node("metrics.port").isMissingNode() || node("metrics.port").isNull()
                    ? Optional.empty() : Optional.of(integer("metrics.port", 0, 1, 65535));

            if (!problems.isEmpty()) {
                return null;
            }
            return new PortalConfig(file,
                    new PortalConfig.Homeserver(serverLocation, serverName, sharedSecret, adminToken, timeout),
                    new PortalConfig.Database(db, reservationLifetime),
                    new PortalConfig.Web(host, port, baseUrl, publicUrl, clientRedirect, clientLogo, rateLimits,
                            trustedProxies, allowCors, ipLogging),
                    new PortalConfig.AdminApi(adminSecret, adminRateLimits, adminFailedAuthLimits, adminCors),
                    new PortalConfig.Rules(minLength, mustMatch, mustNotMatch),
                    new PortalConfig.Tokens(words),
                    logging,
                    new PortalConfig.Metrics(metricsEnabled, metricsPort),
                    warnings);
        }

        private void problem(String key, String message) {
            problems.add(new ConfigProblem(key, message));
        }

        private JsonNode node(String dottedKey) {
            JsonNode current = root;
            for (String part : dottedKey.split("\\.")) {
                current = current.path(part);
            }
            return current;
        }

        private boolean absent(JsonNode node) {
            return node.isMissingNode() || node.isNull();
        }

        private String string(String key, String fallback) {
            JsonNode node = node(key);
            if (absent(node)) {
                if (fallback == null) {
                    problem(key, "is required");
                    return null;
                }
                return fallback.replace("{cwd}", workingDirectory.toString());
            }
            if (!node.isValueNode() || node.isBinary()) {
                problem(key, "must be a single value, not a list or mapping");
                return fallback;
            }
            String value = node.asText();
            return value.replace("{cwd}", workingDirectory.toString());
        }

        private int integer(String key, int fallback, int min, int max) {
            JsonNode node = node(key);
            if (absent(node)) {
                return fallback;
            }
            if (!node.canConvertToInt() || !(node.isIntegralNumber() || node.asText().matches("-?\\d+"))) {
                problem(key, "must be a whole number between " + min + " and " + max + "; got '" + node.asText() + "'");
                return fallback;
            }
            int value = node.isIntegralNumber() ? node.intValue() : Integer.parseInt(node.asText());
            if (value < min || value > max) {
                problem(key, "must be between " + min + " and " + max + "; got " + value);
                return fallback;
            }
            return value;
        }

        private boolean bool(String key, boolean fallback) {
            JsonNode node = node(key);
            if (absent(node)) {
                return fallback;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            String text = node.asText().toLowerCase(Locale.ROOT);
            if (Set.of("true", "yes", "on").contains(text)) {
                return true;
            }
            if (Set.of("false", "no", "off").contains(text)) {
                return false;
            }
            problem(key, "must be true or false; got '" + node.asText() + "'");
            return fallback;
        }

        private Duration duration(String key, Duration fallback) {
            JsonNode node = node(key);
            if (absent(node)) {
                return fallback;
            }
            String text = node.asText().strip();
            Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
            try {
                if (m.matches()) {
                    long amount = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? "s" : m.group(2);
                    Duration parsed = switch (unit) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "d" -> Duration.ofDays(amount);
                        default -> Duration.ofSeconds(amount);
                    };
                    if (!parsed.isZero()) {
                        return parsed;
                    }
                } else if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
                    Duration parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
                    if (!parsed.isNegative() && !parsed.isZero()) {
                        return parsed;
                    }
                }
            } catch (RuntimeException e) {
                // reported below
            }
            problem(key, "must be a positive duration such as 30s, 10m, 12h, 7d or PT10M; got '" + text + "'");
            return fallback;
        }

        private Optional<URI> uri(String key, Optional<String> fallback, boolean httpOnly) {
            JsonNode node = node(key);
            String text = absent(node) ? fallback.orElse(null) : node.asText().strip();
            if (text == null || (text.isEmpty() && fallback.isEmpty())) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(text);
                if (httpOnly && (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                        || uri.getHost() == null)) {
                    problem(key, "must be an http:// or https:// URL with a host; got '" + text + "'");
                    return Optional.empty();
                }
                if (uri.getRawUserInfo() != null) {
                    problem(key, "must not contain a user name or password");
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (URISyntaxException e) {
                problem(key, "is not a valid URL: " + e.getReason());
                return Optional.empty();
            }
        }

        private List<String> stringList(String key, List<String> fallback) {
            JsonNode node = node(key);
            if (absent(node)) {
                return fallback;
            }
            if (node.isTextual()) {
                return List.of(node.asText());
            }
            if (!node.isArray()) {
                problem(key, "must be a list of strings");
                return fallback;
            }
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isValueNode()) {
                    problem(key, "must be a list of strings");
                    return fallback;
                }
                values.add(element.asText());
            }
            return values;
        }

        private List<Pattern> patterns(String key) {
            List<Pattern> compiled = new ArrayList<>();
            for (String regex : stringList(key, List.of())) {
                try {
                    compiled.add(Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    problem(key, "contains an invalid regular expression '" + regex + "': " + e.getDescription());
                }
            }
            return compiled;
        }

        private Optional<Secret> secret(String key, boolean required) {
            String envName = ENV_PREFIX + key.toUpperCase(Locale.ROOT);
            String fromEnv = environment.get(envName);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return Optional.of(new Secret(fromEnv, "environment variable " + envName));
            }
            JsonNode fileKey = node(key + "_file");
            if (!absent(fileKey)) {
                return readSecretFile(key + "_file", resolvePath(fileKey.asText()));
            }
            String credentials = environment.get("CREDENTIALS_DIRECTORY");
            if (credentials != null && !credentials.isBlank()) {
                Path credential = Path.of(credentials).resolve(key);
                if (Files.isRegularFile(credential)) {
                    return readSecretFile(key, credential);
                }
            }
            JsonNode inline = node(key);
            if (absent(inline) || inline.asText().isEmpty()) {
                if (required) {
                    problem(key, "is required (or set " + key + "_file, the environment variable " + envName
                            + ", or a systemd credential named " + key + ")");
                }
                return Optional.empty();
            }
            return Optional.of(new Secret(inline.asText(), file.getFileName().toString()));
        }

        private Optional<Secret> readSecretFile(String key, Path path) {
            try {
                String value = Files.readString(path, StandardCharsets.UTF_8).strip();
                if (value.isEmpty()) {
                    problem(key, "names the file " + path + ", which is empty");
                    return Optional.empty();
                }
                return Optional.of(new Secret(value, "file " + path));
            } catch (IOException e) {
                problem(key, "names the file " + path + ", which cannot be read (" + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
        }

        /**
         * The Python tool looked up a relative {@code client_logo} inside its own package (its sample
         * says {@code static/images/element-logo.png}); such a path means nothing here, so it shows no
         * logo and says so, rather than refusing to start a configuration that used to work.
         */
        private Optional<Path> logo(String text) {
            Path path = resolvePath(text);
            if (!Path.of(text).isAbsolute() && text.startsWith("static/") && !Files.exists(path)) {
                warnings.add("client_logo '" + text + "' pointed into the Python tool's own files; no logo is shown."
                        + " Put your logo in the data directory and name its path here");
                return Optional.empty();
            }
            return Optional.of(path);
        }

        private Path resolvePath(String text) {
            Path path = Path.of(text.replace("{cwd}", workingDirectory.toString()));
            return path.isAbsolute() ? path : workingDirectory.resolve(path).normalize();
        }

        private void warnAboutUnknownKeys(JsonNode node, String prefix) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String key = prefix.isEmpty() ? name : prefix + "." + name;
                if (key.equals("logging")) {
                    continue;
                }
                if (!KNOWN_KEYS.contains(key)) {
                    warnings.add("unknown key '" + key + "' is ignored" + nearest(key).map(k -> "; did you mean '" + k + "'?").orElse(""));
                } else if (node.get(name).isObject()) {
                    warnAboutUnknownKeys(node.get(name), key);
                }
            }
        }
    }

    /** The known key closest to {@code key}, if it is close enough to be a typo. */
    static Optional<String> nearest(String key) {
        return KNOWN_KEYS.stream()
                .min(Comparator.comparingInt(known -> editDistance(known, key)))
                .filter(known -> editDistance(known, key) <= Math.max(2, key.length() / 3));
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
