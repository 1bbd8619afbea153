package org.matrixregistration.testkit;

import static org.matrixregistration.testkit.SynapseHttp.check;
import static org.matrixregistration.testkit.SynapseHttp.encode;
import static org.matrixregistration.testkit.SynapseHttp.readTree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * A real Synapse 1.160 for integration tests, with a random server name and shared secret per
 * container, rate limits raised, no federation, and Synapse's own registration closed unless
 * {@link #withOpenRegistration()} or {@link #withTokenRegistration()}.
 *
 * <pre>{@code
 * SynapseContainer synapse = SynapseContainer.shared();     // started once per JVM
 * String url = synapse.baseUrl();                          // http://localhost:<port>
 * String secret = synapse.sharedSecret();                  // registration_shared_secret
 * String admin = synapse.adminToken();                     // a Synapse admin's access token
 * }</pre>
 *
 * <p>Start one per test class (it is a Testcontainers {@code GenericContainer}: {@code start()},
 * {@code stop()}), or use the JVM-wide {@link #shared()} one (closed registration) or
 * {@link #sharedWithTokens()} one (registration that requires Synapse's registration tokens).
 * Tests that share one must pick unique usernames ({@link #uniqueLocalpart}).
 *
 * <p>The image, {@value #IMAGE_REPOSITORY}{@code :<hash of its build files>}, is built from Debian
 * sid's {@code matrix-synapse} package on top of {@value #BASE_IMAGE} the first time (70 to 90 s),
 * and reused afterwards; the build files travel in this jar. The package documentation says what
 * the machine needs: a Docker engine, that base image and, on some machines, two Testcontainers
 * settings.
 *
 * <p>The helpers talk to Synapse as a client would, so that tests can prove what an account can
 * do; they throw {@link IllegalStateException} (status and Matrix error, never a token) when
 * Synapse refuses.
 */
public final class SynapseContainer extends GenericContainer<SynapseContainer> {
    /** The image's repository; its tag is a hash of the build files' names and contents. */
    public static final String IMAGE_REPOSITORY = "matrix-registration/synapse-test";
    /** The image the homeserver image is built on; it must exist in the engine (see the package documentation). */
    public static final String BASE_IMAGE = "debian:sid-slim";
    /** Synapse's client API port inside the container. */
    public static final int PORT = 8008;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = SynapseHttp.JSON;
    /** Read by Synapse after homeserver.yaml (see entrypoint.sh): a second configuration without a new image. */
    private static final String TOKEN_REGISTRATION_CONFIG = "/data/conf.d/registration-tokens.yaml";
    private static SynapseContainer shared;
    private static SynapseContainer sharedWithTokens;

    private final String serverName;
    private final String sharedSecret;
    private final SynapseHttp http = new SynapseHttp(this::baseUrl);
    private String adminToken;

    /** A Synapse with a random server name ({@code synapse-xxxxxxxx.test}) and shared secret. */
    public SynapseContainer() {
        super(SynapseImage.get());
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
        return http.call("POST", "/_matrix/client/v3/login", null, passwordLogin(localpart, password))
                .path("access_token").asText();
    }

    /**
     * Tries a password login and returns the Matrix error code of the refusal, or empty when it
     * succeeded (e.g. {@code M_USER_LOCKED} for a locked account, {@code M_FORBIDDEN} for a wrong
     * password or a deactivated account).
     */
    public Optional<String> loginRefusal(String localpart, String password) {
        HttpResponse<String> response = http.send("POST", "/_matrix/client/v3/login", null,
                passwordLogin(localpart, password));
        if (response.statusCode() == 200) {
            return Optional.empty();
        }
        return Optional.of(readTree(response).path("errcode").asText("HTTP " + response.statusCode()));
    }

    /** Creates a private room as the token's user, with {@code alias} (a local part) when not null; its room ID. */
    public String createRoom(String accessToken, String alias) {
        ObjectNode body = JSON.createObjectNode();
        body.put("preset", "private_chat");
        if (alias != null) {
            body.put("room_alias_name", alias);
        }
        return http.call("POST", "/_matrix/client/v3/createRoom", accessToken, body).path("room_id").asText();
    }

    /** Sends an {@code m.text} message as the token's user; its event ID. */
    public String sendText(String accessToken, String roomId, String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("msgtype", "m.text");
        body.put("body", text);
        return http.call("PUT", "/_matrix/client/v3/rooms/" + encode(roomId) + "/send/m.room.message/" + randomHex(8),
                accessToken, body).path("event_id").asText();
    }

    /** The room's {@code m.room.message} events as the token's user sees them, newest first (up to 100). */
    public List<JsonNode> messages(String accessToken, String roomId) {
        JsonNode page = http.call("GET", "/_matrix/client/v3/rooms/" + encode(roomId) + "/messages?dir=b&limit=100",
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
        return http.call("GET", "/_matrix/client/v3/account/whoami", accessToken, null).path("user_id").asText();
    }

    /** {@code GET /_matrix/client/v3/devices}: the device IDs of the token's user. */
    public List<String> devices(String accessToken) {
        return deviceIds(http.call("GET", "/_matrix/client/v3/devices", accessToken, null));
    }

    /** The device IDs of any user, through the admin API ({@code GET /_synapse/admin/v2/users/ID/devices}). */
    public List<String> adminDevices(String userId) {
        return deviceIds(http.call("GET", "/_synapse/admin/v2/users/" + encode(userId) + "/devices", adminToken(), null));
    }

    /** The user's display name from their profile, if they have one. */
    public Optional<String> displayName(String userId) {
        JsonNode profile = http.call("GET", "/_matrix/client/v3/profile/" + encode(userId), adminToken(), null);
        return Optional.ofNullable(profile.get("displayname")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** Whether the account exists, through the admin API. */
    public boolean userExists(String userId) {
        HttpResponse<String> response = http.send("GET", "/_synapse/admin/v2/users/" + encode(userId), adminToken(), null);
        if (response.statusCode() == 404) {
            return false;
        }
        check(response, "GET", "/_synapse/admin/v2/users/" + userId);
        return true;
    }

    /** Every local user ID, admins and this container's helpers included (up to 10,000). */
    public List<String> users() {
        JsonNode page = http.call("GET", "/_synapse/admin/v2/users?from=0&limit=10000&guests=false", adminToken(), null);
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
        return http.call("POST", "/_synapse/admin/v1/registration_tokens/new", adminToken(), body);
    }

    /** Synapse's own view of a registration token: {@code uses_allowed}, {@code pending}, {@code completed}, {@code expiry_time}. */
    public JsonNode registrationToken(String token) {
        return http.call("GET", "/_synapse/admin/v1/registration_tokens/" + encode(token), adminToken(), null);
    }

    /** Whether Synapse holds a registration token of that name. */
    public boolean registrationTokenExists(String token) {
        HttpResponse<String> response = http.send("GET", "/_synapse/admin/v1/registration_tokens/" + encode(token),
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
        return ClientRegistration.throughClientApi(http, localpart, password, token);
    }

    private static ObjectNode passwordLogin(String localpart, String password) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "m.login.password");
        body.putObject("identifier").put("type", "m.id.user").put("user", localpart);
        body.put("password", password);
        return body;
    }

    private JsonNode register(String localpart, String password, boolean admin, boolean inhibitLogin) {
        String nonce = http.call("GET", "/_synapse/admin/v1/register", null, null).path("nonce").asText();
        ObjectNode body = JSON.createObjectNode();
        body.put("nonce", nonce);
        body.put("username", localpart);
        body.put("password", password);
        body.put("admin", admin);
        body.put("inhibit_login", inhibitLogin);
        body.put("mac", hmacSha1(sharedSecret, nonce + "\0" + localpart + "\0" + password + "\0"
                + (admin ? "admin" : "notadmin")));
        return http.call("POST", "/_synapse/admin/v1/register", null, body);
    }

    private static List<String> deviceIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("devices").forEach(device -> ids.add(device.path("device_id").asText()));
        return ids;
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
}
