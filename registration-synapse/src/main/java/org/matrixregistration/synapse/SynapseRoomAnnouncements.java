package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.matrixregistration.core.approval.Announcements;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Announcements} in a Matrix room ({@code approval.notify_room}: a room ID or an alias),
 * posted as {@code m.notice} by the user whose access token is {@code homeserver_admin_token}; a
 * reply carries {@code m.relates_to.m.in_reply_to}. An alias is resolved through the room
 * directory on first use and remembered.
 *
 * <p>As the {@code approval_room} health check it is not essential (a room nobody can post to must
 * not take the portal out of service): it reports unhealthy when the admin user has not joined the
 * room, the alias does not resolve, or the last notice failed, until a notice gets through again.
 */
public final class SynapseRoomAnnouncements implements Announcements, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SynapseRoomAnnouncements.class);
    static final String DIRECTORY = "/_matrix/client/v3/directory/room/";
    static final String JOINED_ROOMS = "/_matrix/client/v3/joined_rooms";
    static final String ROOMS = "/_matrix/client/v3/rooms/";

    private final SynapseHttp http;
    private final String adminToken;
    private final String room;
    private volatile String roomId;
    private volatile Optional<String> lastFailure = Optional.empty();

    /** @throws IllegalArgumentException without {@code homeserver_admin_token}, or for a room that is neither an ID nor an alias */
    public SynapseRoomAnnouncements(SynapseHomeserverAccounts accounts, String room) {
        this.http = Objects.requireNonNull(accounts, "accounts").http();
        this.adminToken = accounts.settings().adminToken().orElseThrow(() -> new IllegalArgumentException(
                "homeserver_admin_token: announcing requests in a room needs a Synapse admin's access token"));
        this.room = Objects.requireNonNull(room, "room").strip();
        if (!isRoomReference(this.room)) {
            throw new IllegalArgumentException("approval.notify_room: expected a room ID (!id:server) or an alias"
                    + " (#name:server); got '" + room + "'");
        }
        this.roomId = this.room.startsWith("!") ? this.room : null;
    }

    /** Whether {@code value} has the shape of a room ID or alias: a sigil, a local part, ':' and a server. */
    public static boolean isRoomReference(String value) {
        int colon = value.indexOf(':');
        return value.length() > 3 && (value.charAt(0) == '!' || value.charAt(0) == '#') && colon > 1
                && colon < value.length() - 1 && value.chars().noneMatch(Character::isWhitespace);
    }

    @Override
    public Optional<String> announce(String text) {
        return send(Map.of("msgtype", "m.notice", "body", text));
    }

    @Override
    public void reply(String noticeId, String text) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("msgtype", "m.notice");
        content.put("body", text);
        content.put("m.relates_to", Map.of("m.in_reply_to", Map.of("event_id", noticeId)));
        send(content);
    }

    private Optional<String> send(Map<String, Object> content) {
        Optional<String> target = resolve();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        String path = ROOMS + encode(target.get()) + "/send/m.room.message/" + UUID.randomUUID();
        Answer answer = http.put(path, SynapseJson.write(content), adminToken);
        if (answer instanceof Response response && response.status() == 200) {
            Optional<String> eventId = SynapseJson.read(response.body(), SynapseJson.SentEvent.class)
                    .map(SynapseJson.SentEvent::eventId);
            lastFailure = Optional.empty();
            return eventId;
        }
        return failed("could not post to " + room + ": " + SynapseAnswer.describe(answer));
    }

    private Optional<String> resolve() {
        String known = roomId;
        if (known != null) {
            return Optional.of(known);
        }
        Answer answer = http.get(DIRECTORY + encode(room), adminToken);
        if (answer instanceof Response response && response.status() == 200) {
            Optional<String> id = SynapseJson.read(response.body(), SynapseJson.RoomAlias.class)
                    .map(SynapseJson.RoomAlias::roomId);
            id.ifPresent(value -> roomId = value);
            if (id.isPresent()) {
                return id;
            }
        }
        return failed("could not resolve the alias " + room + ": " + SynapseAnswer.describe(answer));
    }

    private <T> Optional<T> failed(String why) {
        lastFailure = Optional.of(why);
        LOG.warn("Announcing a registration request: {}", why);
        return Optional.empty();
    }

    @Override
    public String component() {
        return "approval_room";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public HealthReport check() {
        Map<String, String> facts = Map.of("room", room);
        Optional<String> target = resolve();
        if (target.isEmpty()) {
            return HealthReport.unhealthy(component(), lastFailure.orElse("the room cannot be found"), facts);
        }
        Answer answer = http.get(JOINED_ROOMS, adminToken);
        if (!(answer instanceof Response response) || response.status() != 200) {
            return HealthReport.unhealthy(component(), "could not ask which rooms the admin user joined: "
                    + SynapseAnswer.describe(answer), facts);
        }
        List<String> joined = SynapseJson.read(response.body(), SynapseJson.JoinedRooms.class)
                .map(SynapseJson.JoinedRooms::joinedRooms).orElse(List.of());
        if (!joined.contains(target.get())) {
            return HealthReport.unhealthy(component(), "the user of homeserver_admin_token has not joined " + room
                    + ": invite it and accept the invite", facts);
        }
        Optional<String> failure = lastFailure;
        return failure.map(why -> HealthReport.unhealthy(component(), "the last notice failed: " + why, facts))
                .orElseGet(() -> HealthReport.healthy(component(), "requests are announced in " + room, facts));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "SynapseRoomAnnouncements[" + room + "]";
    }
}
