package org.matrixregistration.dist.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The values of one configuration file, read key by key. Each reader answers empty for an absent
 * key, so that the default stays where it belongs (the adapter's settings record), and records a
 * {@link ConfigProblem} naming the key for a value it cannot use, so that every problem of a file
 * is reported at once.
 */
final class ConfigValues {
    static final String ENV_PREFIX = "MATRIX_REGISTRATION_";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern KEY_FIRST = Pattern.compile("^([a-z_][a-z0-9_.]*)(?::\\s*|\\s+)(.*)$", Pattern.DOTALL);

    private final JsonNode root;
    private final Path file;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    final List<ConfigProblem> problems = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    ConfigValues(JsonNode root, Path file, Path workingDirectory, Map<String, String> environment) {
        this.root = root;
        this.file = file;
        this.workingDirectory = workingDirectory;
        this.environment = environment;
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(key, message));
    }

    /**
     * Builds settings with {@code build}; an {@link IllegalArgumentException} becomes a problem of
     * the key its message starts with (the adapters' settings name the key first), else of
     * {@code key}.
     */
    <T> Optional<T> attempt(String key, Supplier<T> build) {
        try {
            return Optional.ofNullable(build.get());
        } catch (IllegalArgumentException refused) {
            String message = refused.getMessage() == null ? "is not valid" : refused.getMessage();
            Matcher named = KEY_FIRST.matcher(message);
            if (named.matches() && KnownKeys.ALL.contains(named.group(1))) {
                problem(named.group(1), named.group(2));
            } else {
                problem(key, message);
            }
            return Optional.empty();
        }
    }

    JsonNode node(String dottedKey) {
        JsonNode current = root;
        for (String part : dottedKey.split("\\.")) {
            current = current.path(part);
        }
        return current;
    }

    boolean present(String key) {
        JsonNode node = node(key);
        return !node.isMissingNode() && !node.isNull();
    }

    Optional<String> string(String key) {
        if (!present(key)) {
            return Optional.empty();
        }
        JsonNode node = node(key);
        if (!node.isValueNode() || node.isBinary()) {
            problem(key, "must be a single value, not a list or mapping");
            return Optional.empty();
        }
        return Optional.of(node.asText().replace("{cwd}", workingDirectory.toString()));
    }

    Optional<Integer> integer(String key, int min, int max) {
        if (!present(key)) {
            return Optional.empty();
        }
        JsonNode node = node(key);
        if (!node.canConvertToInt() || !(node.isIntegralNumber() || node.asText().strip().matches("-?\\d+"))) {
            problem(key, "must be a whole number between " + min + " and " + max + "; got '" + node.asText() + "'");
            return Optional.empty();
        }
        int value = node.isIntegralNumber() ? node.intValue() : Integer.parseInt(node.asText().strip());
        if (value < min || value > max) {
            problem(key, "must be between " + min + " and " + max + "; got " + value);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<Boolean> bool(String key) {
        if (!present(key)) {
            return Optional.empty();
        }
        JsonNode node = node(key);
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        String text = node.asText().toLowerCase(Locale.ROOT);
        if (Set.of("true", "yes", "on").contains(text)) {
            return Optional.of(true);
        }
        if (Set.of("false", "no", "off").contains(text)) {
            return Optional.of(false);
        }
        problem(key, "must be true or false; got '" + node.asText() + "'");
        return Optional.empty();
    }

    /** {@code 30s}, {@code 10m}, {@code 12h}, {@code 7d}, {@code 250ms}, a bare number of seconds, or ISO-8601. */
    Optional<Duration> duration(String key) {
        if (!present(key)) {
            return Optional.empty();
        }
        String text = node(key).asText().strip();
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        try {
            Duration parsed = null;
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                parsed = switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofSeconds(amount);
                };
            } else if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
                parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (parsed != null && !parsed.isNegative() && !parsed.isZero()) {
                return Optional.of(parsed);
            }
        } catch (RuntimeException e) {
            // reported below
        }
        problem(key, "must be a positive duration such as 30s, 10m, 12h, 7d or PT10M; got '" + text + "'");
        return Optional.empty();
    }

    /** An absolute URL; {@code httpOnly} also demands an http(s) scheme and a host. */
    Optional<URI> uri(String key, boolean httpOnly) {
        Optional<String> text = string(key).map(String::strip).filter(value -> !value.isEmpty());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get());
            if (httpOnly && (uri.getScheme() == null
                    || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null)) {
                problem(key, "must be an http:// or https:// URL with a host; got '" + text.get() + "'");
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

    /** A list of strings; a single string counts as a list of one. */
    Optional<List<String>> stringList(String key) {
        if (!present(key)) {
            return Optional.empty();
        }
        JsonNode node = node(key);
        if (node.isTextual()) {
            return Optional.of(List.of(node.asText()));
        }
        if (!node.isArray()) {
            problem(key, "must be a list of strings");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isValueNode()) {
                problem(key, "must be a list of strings");
                return Optional.empty();
            }
            values.add(element.asText());
        }
        return Optional.of(values);
    }

    List<Pattern> patterns(String key) {
        List<Pattern> compiled = new ArrayList<>();
        for (String regex : stringList(key).orElse(List.of())) {
            try {
                compiled.add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                problem(key, "contains an invalid regular expression '" + regex + "': " + e.getDescription());
            }
        }
        return compiled;
    }

    /**
     * A secret, from (in this order) the environment variable {@code MATRIX_REGISTRATION_<KEY>}, the
     * file named by {@code <key>_file}, a systemd credential named {@code <key>}, or the file itself.
     * Messages name where a secret came from, never its value.
     */
    Optional<Secret> secret(String key, boolean required) {
        String envName = ENV_PREFIX + key.toUpperCase(Locale.ROOT);
        String fromEnv = environment.get(envName);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(new Secret(fromEnv, "environment variable " + envName));
        }
        if (present(key + "_file")) {
            return readSecretFile(key + "_file", path(node(key + "_file").asText()));
        }
        String credentials = environment.get("CREDENTIALS_DIRECTORY");
        if (credentials != null && !credentials.isBlank()) {
            Path credential = Path.of(credentials).resolve(key);
            if (Files.isRegularFile(credential)) {
                return readSecretFile(key, credential);
            }
        }
        if (!present(key) || node(key).asText().isEmpty()) {
            if (required) {
                problem(key, "is required (or set " + key + "_file, the environment variable " + envName
                        + ", or a systemd credential named " + key + ")");
            }
            return Optional.empty();
        }
        if (!node(key).isValueNode()) {
            problem(key, "must be a single value, not a list or mapping");
            return Optional.empty();
        }
        return Optional.of(new Secret(node(key).asText(), file.getFileName().toString()));
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

    /** A path from the file, with {@code {cwd}} and relative paths resolved against the working directory. */
    Path path(String text) {
        Path path = Path.of(text.replace("{cwd}", workingDirectory.toString()));
        return path.isAbsolute() ? path : workingDirectory.resolve(path).normalize();
    }

    Path workingDirectory() {
        return workingDirectory;
    }
}
