package org.matrixregistration.dist.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.matrixregistration.dist.testing.LocalPortal;

/**
 * The packaged portal ({@code java -jar matrix-registration.jar serve}) as a separate process, as
 * {@code PackagedJar} runs it (that helper is package-private in {@code org.matrixregistration.dist}),
 * with the calls the fault suite makes: sign-ups through the JSON endpoint and the admin API.
 * Every call is bounded by {@link #CALL_TIMEOUT}.
 */
final class PortalProcess {
    static final String ADMIN_SECRET = "fault-suite-admin-secret-0123456789";
    static final String PASSWORD = "correct horse battery";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Path JAR = Path.of(System.getProperty("matrixRegistration.jar", "target/matrix-registration.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    /** Every sign-up comes from its own address (X-Forwarded-For, believed from loopback), so no per-client limit is hit. */
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private PortalProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** What a sign-up got: an HTTP status and body, or status 0 and why no answer came. */
    record Answer(int status, String body) {
        boolean refusedToken() {
            return status == 400 && body.contains("\"MR_BAD_USER_REQUEST\"") && body.contains("\"token\"");
        }

        @Override
        public String toString() {
            if (status == 0) {
                return "no answer (" + body + ")";
            }
            if (status == 400 && refusedToken()) {
                return "400 token refused";
            }
            String errcode = body.replaceAll("(?s).*\"errcode\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            return status + (errcode.equals(body) ? "" : " " + errcode);
        }
    }

    /** The admin API's view of a token. */
    record TokenState(int used, int pending, int unconfirmed, int maxUsage, boolean active) {
        @Override
        public String toString() {
            return "used " + used + ", pending " + pending + (unconfirmed > 0 ? " (" + unconfirmed + " unconfirmed)" : "");
        }
    }

    /**
     * Starts {@code serve} in {@code dir} with {@code config} plus a fresh loopback port, and waits
     * until it answers {@code /health}. The log goes to {@code dir/<logName>.log}.
     */
    static PortalProcess start(Path dir, String config, String logName) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar; run 'mvn package' first").exists();
        int port = LocalPortal.freePort();
        Files.writeString(dir.resolve("config.yaml"), config + "host: '127.0.0.1'\nport: " + port + "\n");
        Path log = dir.resolve(logName + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), "--config-path", "config.yaml", "serve")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("MATRIX_REGISTRATION_"));
        PortalProcess portal = new PortalProcess(builder.start(), log, "http://127.0.0.1:" + port);
        LocalPortal.awaitHealthy(portal.baseUrl, Duration.ofSeconds(60), LocalPortal.process(portal.process, log));
        return portal;
    }

    String baseUrl() {
        return baseUrl;
    }

    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook runs, nothing is finished or released. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the portal did not die within 20 s of SIGKILL");
        }
    }

    /** SIGTERM, then SIGKILL if it takes longer than 20 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** {@code POST /register} as the JSON client of the old tool: form fields, {@code Accept: application/json}. */
    Answer signUp(String username, String token) throws InterruptedException {
        int client = CLIENTS.incrementAndGet();
        String form = form(Map.of("username", username, "password", PASSWORD, "confirm", PASSWORD, "token", token));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/register"))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("X-Forwarded-For", "10.77." + (client / 250) + "." + (client % 250 + 1))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** {@code POST /api/token}: a new token with this many uses; returns its name. */
    String createToken(int maxUsage, String note) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("max_usage", maxUsage, "note", note));
        JsonNode created = admin(HttpRequest.newBuilder(URI.create(baseUrl + "/api/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return created.path("name").asText();
    }

    /** {@code GET /api/token/{name}}. */
    TokenState token(String name) throws IOException, InterruptedException {
        JsonNode token = admin(HttpRequest.newBuilder(URI.create(baseUrl + "/api/token/" + name)).GET());
        return new TokenState(token.path("used").asInt(-1), token.path("pending").asInt(-1),
                token.path("unconfirmed").asInt(-1), token.path("max_usage").asInt(-1), token.path("active").asBoolean());
    }

    /** The user IDs of the token's recorded uses ({@code GET /api/token/{name}/uses}). */
    List<String> usedBy(String name) throws IOException, InterruptedException {
        JsonNode uses = admin(HttpRequest.newBuilder(URI.create(baseUrl + "/api/token/" + name + "/uses")).GET());
        List<String> ids = new ArrayList<>();
        uses.forEach(use -> ids.add(use.path("user_id").asText()));
        return ids;
    }

    private JsonNode admin(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(CALL_TIMEOUT)
                        .header("Authorization", "SharedSecret " + ADMIN_SECRET).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(request.build().uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
