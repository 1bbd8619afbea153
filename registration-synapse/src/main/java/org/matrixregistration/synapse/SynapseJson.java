package org.matrixregistration.synapse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.account.UserId;

/**
 * The JSON that goes to and comes from Synapse. Parse errors become an empty {@link Optional}, and
 * Jackson never copies a body into a message: a response may hold a token, a request a password.
 */
final class SynapseJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private SynapseJson() {}

    static <T> Optional<T> read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readValue(body, type));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@code GET /_synapse/admin/v1/register}. */
    record Nonce(String nonce) {}

    /** {@code POST /_synapse/admin/v1/register}; {@code displayname} is left out when null. */
    record RegisterRequest(
            String nonce,
            String username,
            String password,
            boolean admin,
            @JsonInclude(JsonInclude.Include.NON_NULL) String displayname,
            String mac,
            @JsonProperty("inhibit_login") boolean inhibitLogin) {

        @Override
        public String toString() {
            return "RegisterRequest[username=" + username + ", password=<redacted>, admin=" + admin + "]";
        }
    }

    /** The answer to a registration; {@code access_token} only if Synapse ignored {@code inhibit_login}. */
    record Registered(
            @JsonProperty("user_id") String userId,
            @JsonProperty("access_token") String accessToken) {

        /** {@code user_id} as {@code @localpart:server}, where the server name may carry a port. */
        Optional<UserId> user() {
            if (userId == null || !userId.startsWith("@")) {
                return Optional.empty();
            }
            int colon = userId.indexOf(':');
            if (colon < 2 || colon == userId.length() - 1) {
                return Optional.empty();
            }
            try {
                return Optional.of(new UserId(userId.substring(1, colon), userId.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return "Registered[userId=" + userId + ", accessToken=" + (accessToken == null ? "<none>" : "<redacted>") + "]";
        }
    }

    /** A Matrix error body, e.g. {@code {"errcode": "M_USER_IN_USE", "error": "User ID already taken."}}. */
    record MatrixError(
            String errcode,
            String error,
            @JsonProperty("retry_after_ms") Long retryAfterMs) {}

    /** Both username-availability endpoints answer 200 with this, or a {@link MatrixError}. */
    record UsernameAvailable(Boolean available) {}

    /** {@code GET /_matrix/client/versions}. */
    record ClientVersions(List<String> versions) {}

    /** {@code GET /_synapse/admin/v1/server_version}. */
    record AdminServerVersion(@JsonProperty("server_version") String serverVersion) {}

    /** {@code GET /_matrix/federation/v1/version}. */
    record FederationVersion(Server server) {
        record Server(String name, String version) {}
    }

    /**
     * A registration token of {@code /_synapse/admin/v1/registration_tokens}: {@code uses_allowed}
     * and {@code expiry_time} (milliseconds) are null for "no limit" and "never".
     */
    record RegistrationToken(
            String token,
            @JsonProperty("uses_allowed") Integer usesAllowed,
            Integer pending,
            Integer completed,
            @JsonProperty("expiry_time") Long expiryTime) {}

    /** {@code GET /_synapse/admin/v1/registration_tokens}. */
    record RegistrationTokens(@JsonProperty("registration_tokens") List<RegistrationToken> registrationTokens) {}

    /**
     * {@code POST/PUT} of a registration token's settings; both are always sent, null meaning
     * "no limit" and "never" ({@code token} only on create).
     */
    record RegistrationTokenSettings(
            @JsonInclude(JsonInclude.Include.NON_NULL) String token,
            @JsonProperty("uses_allowed") @JsonInclude(JsonInclude.Include.ALWAYS) Integer usesAllowed,
            @JsonProperty("expiry_time") @JsonInclude(JsonInclude.Include.ALWAYS) Long expiryTime) {}

    /** {@code PUT} of a registration token's expiry alone, leaving {@code uses_allowed} as it is. */
    record RegistrationTokenExpiry(@JsonProperty("expiry_time") long expiryTime) {}

    /**
     * {@code POST /_matrix/client/v3/register} as a client sends it: {@code auth} is left out of the
     * first request, which only opens the user-interactive session.
     */
    record ClientRegister(
            String username,
            String password,
            @JsonProperty("inhibit_login") boolean inhibitLogin,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> auth) {

        @Override
        public String toString() {
            return "ClientRegister[username=" + username + ", password=<redacted>, auth=" + (auth == null ? "<none>"
                    : auth.getOrDefault("type", "?")) + "]";
        }
    }

    /**
     * The 401 of user-interactive authentication: the session, the flows (each a list of stages) and
     * the stages completed so far; with {@code errcode} when the last stage was refused.
     */
    record Interactive(
            String session,
            List<Flow> flows,
            List<String> completed,
            String errcode,
            String error) {
        record Flow(List<String> stages) {}
    }

    /** {@code GET /_synapse/admin/v2/users/{id}}: the fields the portal reads. */
    record AdminUser(Boolean deactivated, Boolean locked) {
        boolean isDeactivated() {
            return Boolean.TRUE.equals(deactivated);
        }
    }

    /** {@code GET /_matrix/client/v3/directory/room/{alias}}. */
    record RoomAlias(@JsonProperty("room_id") String roomId) {}

    /** {@code GET /_matrix/client/v3/joined_rooms}. */
    record JoinedRooms(@JsonProperty("joined_rooms") List<String> joinedRooms) {}

    /** {@code PUT /_matrix/client/v3/rooms/{room}/send/...}. */
    record SentEvent(@JsonProperty("event_id") String eventId) {}
}
