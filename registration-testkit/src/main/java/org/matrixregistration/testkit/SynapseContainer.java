package org.matrixregistration.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;

/**
 * A real Synapse for integration tests, built from {@code registration-testkit/src/main/docker/synapse}
 * (shipped in this jar as classpath resources under {@code org/matrixregistration/testkit/synapse/},
 * so any project can build it), with a random server name and shared secret per container, rate limits
 * raised, Synapse's own registration closed unless {@link #withOpenRegistration()} or
 * {@link #withTokenRegistration()}, no federation.
 *
 * <p>Start one per test class, or use the JVM-wide {@link #shared()} one (closed registration) or
 * {@link #sharedWithTokens()} one (registration that requires Synapse's registration tokens).
 * The image is tagged {@value #IMAGE_REPOSITORY}{@code :<hash of the Dockerfile folder>}: built when that tag is missing
 * (minutes the first time on a machine, seconds from Docker's layer cache), used as it is
 * otherwise. Building needs the base image {@value #BASE_IMAGE}, made by
 * {@code .ci/lib/base-images.sh}. Testcontainers needs
 * {@code TESTCONTAINERS_RYUK_DISABLED=true} and {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} on this
 * machine (the parent pom sets both for failsafe).
 *
 * <p>The helpers talk to Synapse as a client would, so that tests can prove what an account can
 * do; they throw {@link IllegalStateException} (status and Matrix error, never a token) when
 * Synapse refuses.
 */
public final class SynapseContainer extends GenericContainer<SynapseContainer> {
    /** The image's repository; its tag is a hash of the Dockerfile folder's content. */
    public static final String IMAGE_REPOSITORY = "matrix-registration/synapse-test";
    public static final String BASE_IMAGE = "debian:sid-slim";
    public static final int PORT = 8008;

    private static final String RESOURCES = "org/matrixregistration/testkit/synapse/";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> IMAGE_FILES = List.of("Dockerfile", "entrypoint.sh", "generate_config.py");
    /** Read by Synapse after homeserver.yaml (see entrypoint.sh): a second configuration without a new image. */
    private static final String TOKEN_REGISTRATION_CONFIG = "/data/conf.d/registration-tokens.yaml";
    private static Future<String> image;
    private static SynapseContainer shared;
    private static SynapseContainer sharedWithTokens;

    private final String serverName;
    private final String sharedSecret;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private String adminToken;

    /** A Synapse with a random server name ({@code synapse-xxxxxxxx.test}) and shared secret. */
    public SynapseContainer() {
        super(image());
        this.serverName = "synapse-" + randomHex(4) + ".test";
        this.sharedSecret = randomHex(24);
        withExposedPorts(PORT);
        withEnv("SYNAPSE_SERVER_NAME", serverName);
        withEnv("SYNAPSE_REGISTRATION_SHARED_SECRET", sharedSecret);
        waitingFor(Wait.forHttp("/health").forPort(PORT).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(2)));
    }

    /**
     * The JVM's one started Synapse with closed registration, stopped when the JVM exits. Tests
     * that share it must pick unique usernames ({@link #uniqueLocalpart}).
     */
    public static synchronized SynapseContainer shared() {
        if (shared == null) {
            SynapseContainer container = new SynapseContainer();
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-shared-synapse"));
            shared = container;
        }
        return shared;
    }

    /**
     * The JVM's one started Synapse whose own registration requires a registration token
     * ({@link #withTokenRegistration()}), stopped when the JVM exits. Separate from {@link #shared()}
     * and started only by the tests that ask for it, so that the others pay nothing for it.
     */
    public static synchronized SynapseContainer sharedWithTokens() {
        if (sharedWithTokens == null) {
            SynapseContainer container = new SynapseContainer().withTokenRegistration();
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-shared-token-synapse"));
            sharedWithTokens = container;
        }
        return sharedWithTokens;
    }

    /** Opens Synapse's own registration ({@code enable_registration}), e.g. for its availability API. */
    public SynapseContainer withOpenRegistration() {
        return withEnv("SYNAPSE_ENABLE_REGISTRATION", "true");
    }

    /**
     * Opens Synapse's own registration to holders of a registration token ({@code enable_registration}
     * and {@code registration_requires_token}, Matrix's {@code m.login.registration_token}), as admins
     * who hand out tokens for Element run it. The setting goes into {@code /data/conf.d}, which
     * Synapse reads after the generated homeserver.yaml, so the image stays the same.
     */
    public SynapseContainer withTokenRegistration() {
        return withCopyToContainer(Transferable.of("""
                enable_registration: true
                registration_requires_token: true
                """), TOKEN_REGISTRATION_CONFIG);
    }

    /** {@code http://host:port} of the client API (which also serves {@code /_synapse/admin}). */
    public String baseUrl() {
        return "http://" + getHost() + ":" + getMappedPort(PORT);
    }

    /**
     * {@code http://address:8008} on Docker's default bridge network: how another container (the
     * portal's image, run with {@code -p} as a self-hoster runs it) reaches this Synapse.
     */
    public String bridgeUrl() {
        return "http://" + getContainerInfo().getNetworkSettings().getIpAddress() + ":" + PORT;
    }

    public String serverName() {
        return serverName;
    }

    /** Synapse's {@code registration_shared_secret}. */
    public String sharedSecret() {
        return sharedSecret;
    }

    /** {@code @localpart:serverName}. */
    public String userId(String localpart) {
        return "@" + localpart + ":" + serverName;
    }

    /** A fresh, valid localpart: {@code prefix} plus random hex. */
    public static String uniqueLocalpart(String prefix) {
        return prefix + "-" + randomHex(5);
    }

    /**
     * Creates an account through shared-secret registration, without a session; for accounts a
     * test needs to exist beforehand. Returns the user ID.
     */
    public String registerUser(String localpart, String password) {
        return register(localpart, password, false, true).path("user_id").asText();
    }

    /** Creates a Synapse admin through shared-secret registration and returns its access token. */
    public String registerAdmin(String localpart, String password) {
        return register(localpart, password, true, false).path("access_token").asText();
    }

    /** The access token of an admin this container made for the tests (one per container). */
    public synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = registerAdmin(uniqueLocalpart("admin"), randomHex(16));
        }
        return adminToken;
    }

    /** Logs in with {@code m.login.password} (creating a device) and returns the access token. */
    public String login(String localpart, String password) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "m.login.password");
        body.putObject("identifier").put("type", "m.id.user").put("user", localpart);
        body.put("password", password);
        return call("POST", "/_matrix/client/v3/login", null, body).path("access_token").asText();
    }

    /**
     * Tries a password login and returns the Matrix error code of the refusal, or empty when it
     * succeeded (e.g. {@code M_USER_LOCKED} for a locked account, {@code M_FORBIDDEN} for a wrong
     * password or a deactivated account).
     */
    public Optional<String> loginRefusal(String localpart, String password) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "m.login.password");
        body.putObject("identifier").put("type", "m.id.user").put("user", localpart);
        body.put("password", password);
        HttpResponse<String> response = send("POST", "/_matrix/client/v3/login", null, body);
        if (response.statusCode() == 200) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(response.body()).path("errcode").asText("HTTP " + response.statusCode()));
        } catch (IOException e) {
            return Optional.of("HTTP " + response.statusCode());
        }
    }

    /** Creates a private room as the token's user, with {@code alias} (a local part) when not null; its room ID. */
    public String createRoom(String accessToken, String alias) {
        ObjectNode body = JSON.createObjectNode();
        body.put("preset", "private_chat");
        if (alias != null) {
            body.put("room_alias_name", alias);
        }
        return call("POST", "/_matrix/client/v3/createRoom", accessToken, body).path("room_id").asText();
    }

    /** Sends an {@code m.text} message as the token's user; its event ID. */
    public String sendText(String accessToken, String roomId, String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("msgtype", "m.text");
        body.put("body", text);
        return call("PUT", "/_matrix/client/v3/rooms/" + encode(roomId) + "/send/m.room.message/" + randomHex(8),
                accessToken, body).path("event_id").asText();
    }

    /** The room's {@code m.room.message} events as the token's user sees them, newest first (up to 100). */
    public List<JsonNode> messages(String accessToken, String roomId) {
        JsonNode page = call("GET", "/_matrix/client/v3/rooms/" + encode(roomId) + "/messages?dir=b&limit=100",
                accessToken, null);
        List<JsonNode> events = new ArrayList<>();
        page.path("chunk").forEach(event -> {
            if (event.path("type").asText().equals("m.room.message")) {
                events.add(event);
            }
        });
        return events;
    }

    /** {@code GET /_matrix/client/v3/account/whoami}: the user ID the token belongs to. */
    public String whoami(String accessToken) {
        return call("GET", "/_matrix/client/v3/account/whoami", accessToken, null).path("user_id").asText();
    }

    /** {@code GET /_matrix/client/v3/devices}: the device IDs of the token's user. */
    public List<String> devices(String accessToken) {
        return deviceIds(call("GET", "/_matrix/client/v3/devices", accessToken, null));
    }

    /** The device IDs of any user, through the admin API ({@code GET /_synapse/admin/v2/users/ID/devices}). */
    public List<String> adminDevices(String userId) {
        return deviceIds(call("GET", "/_synapse/admin/v2/users/" + encode(userId) + "/devices", adminToken(), null));
    }

    /** The user's display name from their profile, if they have one. */
    public Optional<String> displayName(String userId) {
        JsonNode profile = call("GET", "/_matrix/client/v3/profile/" + encode(userId), adminToken(), null);
        return Optional.ofNullable(profile.get("displayname")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** Whether the account exists, through the admin API. */
    public boolean userExists(String userId) {
        HttpResponse<String> response = send("GET", "/_synapse/admin/v2/users/" + encode(userId), adminToken(), null);
        if (response.statusCode() == 404) {
            return false;
        }
        check(response, "GET", "/_synapse/admin/v2/users/" + userId);
        return true;
    }

    /** Every local user ID, admins and this container's helpers included (up to 10,000). */
    public List<String> users() {
        JsonNode page = call("GET", "/_synapse/admin/v2/users?from=0&limit=10000&guests=false", adminToken(), null);
        List<String> ids = new ArrayList<>();
        page.path("users").forEach(user -> ids.add(user.path("name").asText()));
        return ids;
    }

    // ---------------------------------------------------------------- registration tokens

    /**
     * Creates a registration token with Synapse's admin API, as ketesa or an admin's script would;
     * {@code usesAllowed} null for unlimited. Returns Synapse's token object.
     */
    public JsonNode createRegistrationToken(String token, Integer usesAllowed) {
        ObjectNode body = JSON.createObjectNode();
        body.put("token", token);
        if (usesAllowed == null) {
            body.putNull("uses_allowed");
        } else {
            body.put("uses_allowed", usesAllowed);
        }
        return call("POST", "/_synapse/admin/v1/registration_tokens/new", adminToken(), body);
    }

    /** Synapse's own view of a registration token: {@code uses_allowed}, {@code pending}, {@code completed}, {@code expiry_time}. */
    public JsonNode registrationToken(String token) {
        return call("GET", "/_synapse/admin/v1/registration_tokens/" + encode(token), adminToken(), null);
    }

    /** Whether Synapse holds a registration token of that name. */
    public boolean registrationTokenExists(String token) {
        HttpResponse<String> response = send("GET", "/_synapse/admin/v1/registration_tokens/" + encode(token),
                adminToken(), null);
        if (response.statusCode() == 404) {
            return false;
        }
        check(response, "GET", "/_synapse/admin/v1/registration_tokens/" + token);
        return true;
    }

    /**
     * Registers as any Matrix client (Element) does on a server that requires a registration token:
     * {@code POST /_matrix/client/v3/register} without auth (401, a session and the flows), then the
     * {@code m.login.registration_token} stage, then {@code m.login.dummy}, with {@code inhibit_login}.
     * Returns the new user ID, or the Matrix error code of the step that refused (e.g.
     * {@code M_UNAUTHORIZED} for a token Synapse does not accept, {@code M_USER_IN_USE}).
     */
    public ClientRegistration registerWithToken(String localpart, String password, String token) {
        ObjectNode body = JSON.createObjectNode();
        body.put("username", localpart);
        body.put("password", password);
        body.put("inhibit_login", true);
        HttpResponse<String> first = send("POST", "/_matrix/client/v3/register", null, body);
        JsonNode answer = readTree(first);
        if (first.statusCode() != 401 || !answer.hasNonNull("session")) {
            return ClientRegistration.refused(first.statusCode(), answer);
        }
        String session = answer.path("session").asText();
        body.putObject("auth").put("type", "m.login.registration_token").put("token", token).put("session", session);
        HttpResponse<String> tokenStage = send("POST", "/_matrix/client/v3/register", null, body);
        JsonNode afterToken = readTree(tokenStage);
        if (tokenStage.statusCode() == 200) {
            return new ClientRegistration(Optional.of(afterToken.path("user_id").asText()), Optional.empty(), 200);
        }
        if (tokenStage.statusCode() != 401 || afterToken.has("errcode")) {
            return ClientRegistration.refused(tokenStage.statusCode(), afterToken);
        }
        body.putObject("auth").put("type", "m.login.dummy").put("session", session);
        HttpResponse<String> dummy = send("POST", "/_matrix/client/v3/register", null, body);
        JsonNode done = readTree(dummy);
        if (dummy.statusCode() == 200) {
            return new ClientRegistration(Optional.of(done.path("user_id").asText()), Optional.empty(), 200);
        }
        return ClientRegistration.refused(dummy.statusCode(), done);
    }

    /**
     * How a client's registration ended: the user ID, or the refusing step's status and error code.
     *
     * @param errcode the Matrix error code, or {@code HTTP <status>} when the answer had none
     */
    public record ClientRegistration(Optional<String> userId, Optional<String> errcode, int status) {
        static ClientRegistration refused(int status, JsonNode answer) {
            return new ClientRegistration(Optional.empty(),
                    Optional.of(answer.path("errcode").asText("HTTP " + status)), status);
        }

        public boolean registered() {
            return userId.isPresent();
        }
    }

    private static JsonNode readTree(HttpResponse<String> response) {
        try {
            JsonNode tree = JSON.readTree(response.body());
            return tree == null ? JSON.createObjectNode() : tree;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private JsonNode register(String localpart, String password, boolean admin, boolean inhibitLogin) {
        String nonce = call("GET", "/_synapse/admin/v1/register", null, null).path("nonce").asText();
        ObjectNode body = JSON.createObjectNode();
        body.put("nonce", nonce);
        body.put("username", localpart);
        body.put("password", password);
        body.put("admin", admin);
        body.put("inhibit_login", inhibitLogin);
        body.put("mac", hmacSha1(sharedSecret, nonce + "\0" + localpart + "\0" + password + "\0"
                + (admin ? "admin" : "notadmin")));
        return call("POST", "/_synapse/admin/v1/register", null, body);
    }

    private JsonNode call(String method, String path, String accessToken, JsonNode body) {
        HttpResponse<String> response = send(method, path, accessToken, body);
        check(response, method, path);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " answered unreadable JSON", e);
        }
    }

    private HttpResponse<String> send(String method, String path, String accessToken, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static void check(HttpResponse<String> response, String method, String path) {
        if (response.statusCode() == 200) {
            return;
        }
        String error;
        try {
            JsonNode json = JSON.readTree(response.body());
            error = json.path("errcode").asText("") + " " + json.path("error").asText("");
        } catch (IOException e) {
            error = "(no Matrix error)";
        }
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " " + error.strip());
    }

    private static List<String> deviceIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("devices").forEach(device -> ids.add(device.path("device_id").asText()));
        return ids;
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Written independently of the adapter's MAC, so that each checks the other. */
    private static String hmacSha1(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * The image, tagged with a hash of the Dockerfile folder: reused as it is when that tag exists,
     * else built (once per JVM, shared by every container). Fails early with the remedy if the base
     * image is missing.
     */
    private static synchronized Future<String> image() {
        if (image == null) {
            String tag = IMAGE_REPOSITORY + ":" + contentHash();
            DockerClient docker = DockerClientFactory.instance().client();
            if (exists(docker, tag)) {
                image = CompletableFuture.completedFuture(tag);
            } else {
                if (!exists(docker, BASE_IMAGE)) {
                    throw new IllegalStateException("Docker image " + BASE_IMAGE + " is missing (no registry can be"
                            + " reached here): run `bash .ci/lib/docker-engine.sh && bash .ci/lib/base-images.sh` first");
                }
                ImageFromDockerfile build = new ImageFromDockerfile(tag, false);
                IMAGE_FILES.forEach(file -> build.withFileFromClasspath(file, RESOURCES + file));
                image = build;
            }
        }
        return image;
    }

    private static boolean exists(DockerClient docker, String imageName) {
        try {
            docker.inspectImageCmd(imageName).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String contentHash() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String file : IMAGE_FILES) {
                try (InputStream in = SynapseContainer.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
                    if (in == null) {
                        throw new IllegalStateException("classpath resource " + RESOURCES + file + " is missing;"
                                + " is registration-testkit's jar on the test classpath?");
                    }
                    sha256.update(file.getBytes(StandardCharsets.UTF_8));
                    sha256.update((byte) 0);
                    sha256.update(in.readAllBytes());
                    sha256.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash the Synapse image's files", e);
        }
    }
}
