package org.matrixregistration.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;

/**
 * The old contract, field by field: the tokens the Python tool answered with
 * ({@code legacy-matrix-registration.tokens.json}) stored here and listed again give the same
 * fields with the same types and values, followed only by the documented additions.
 */
class LegacyShapeIT {
    private static final DateTimeFormatter LEGACY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static JsonNode legacy() throws IOException {
        try (InputStream in = LegacyShapeIT.class.getResourceAsStream("/legacy-matrix-registration.tokens.json")) {
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void answersTheOldTokenObjectsFieldByField() throws IOException {
        JsonNode legacy = legacy();
        try (AdminFixture api = AdminFixture.start()) {
            Instant created = Instant.parse(AdminFixture.START).minus(Duration.ofDays(30));
            for (JsonNode old : legacy) {
                store(api, old, created);
                created = created.plusSeconds(60);
            }

            JsonNode listed = Json.parse(api.get("/api/token").body());
            assertThat(listed).hasSameSizeAs(legacy);
            for (int i = 0; i < legacy.size(); i++) {
                JsonNode old = legacy.get(i);
                JsonNode ours = listed.get(i);
                assertSameShape(old, ours);
                assertThat(Json.parse(api.get("/api/token/" + old.get("name").asText()).body())).isEqualTo(ours);
            }
            JsonNode fresh = Json.parse(api.post("/api/token", "{\"max_usage\": 1, \"expiration_date\": \"2030-06-30\"}").body());
            assertSameTypes(legacy.get(2), fresh);
        }
    }

    private static void store(AdminFixture api, JsonNode old, Instant created) {
        TokenName name = new TokenName(old.get("name").asText());
        Optional<Instant> expiry = old.get("expiration_date").isNull()
                ? Optional.empty()
                : Optional.of(LocalDateTime.parse(old.get("expiration_date").asText(), LEGACY).toInstant(ZoneOffset.UTC));
        InviteToken token = new InviteToken(name, new UsageLimit(old.get("max_usage").intValue()), expiry,
                old.get("disabled").booleanValue(), "", created,
                org.matrixregistration.core.token.UseCounts.completed(old.get("used").intValue()));
        List<TokenUse> uses = new ArrayList<>();
        old.get("ips").forEach(ip -> uses.add(new TokenUse(name, Optional.empty(), Optional.empty(), Optional.of(ip.asText()))));
        assertThat(api.tokens.addWithUses(token, uses)).isTrue();
    }

    private static void assertSameShape(JsonNode old, JsonNode ours) {
        assertSameTypes(old, ours);
        Iterator<String> fields = old.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            assertThat(ours.get(field)).as(old.get("name") + "." + field).isEqualTo(old.get(field));
        }
        List<String> added = new ArrayList<>();
        ours.fieldNames().forEachRemaining(field -> {
            if (!old.has(field)) {
                added.add(field);
            }
        });
        assertThat(added).containsExactly("note", "requires_approval", "pending", "unconfirmed", "created_at", "expires_at");
    }

    /** Every old field is there with the old JSON type (a null date may be a string date elsewhere). */
    private static void assertSameTypes(JsonNode old, JsonNode ours) {
        Iterator<String> fields = old.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            assertThat(ours.has(field)).as(field).isTrue();
            if (field.equals("expiration_date")) {
                assertThat(ours.get(field).isNull() || ours.get(field).asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"))
                        .as(field).isTrue();
            } else {
                assertThat(ours.get(field).getNodeType()).as(field).isEqualTo(old.get(field).getNodeType());
                assertThat(ours.get(field).isIntegralNumber()).as(field).isEqualTo(old.get(field).isIntegralNumber());
            }
        }
    }
}
