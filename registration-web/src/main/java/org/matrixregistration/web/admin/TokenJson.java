package org.matrixregistration.web.admin;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;

/**
 * The token object, field for field as the old API answered it ({@code name, used, expiration_date
 * "YYYY-MM-DD HH:MM:SS" in the server's zone or null, max_usage (0 = unlimited), ips, disabled,
 * active}) followed by this portal's additions ({@code note}, {@code created_at} and {@code
 * expires_at} in ISO-8601 UTC, and {@code invite_url} when a public URL is configured). The CLI's
 * {@code --json} output has the same fields in the same order.
 */
final class TokenJson {
    private static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;
    private final Optional<URI> publicUrl;

    TokenJson(ZoneId zone, Optional<URI> publicUrl) {
        this.zone = zone;
        this.publicUrl = publicUrl;
    }

    /** @param now the one instant that decides {@code active} for a whole answer */
    Map<String, Object> token(InviteToken token, List<TokenUse> uses, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", token.name().value());
        json.put("used", token.completedUses());
        json.put("expiration_date", token.expiresAt().map(expiry -> LEGACY_TIME.format(expiry.atZone(zone))).orElse(null));
        json.put("max_usage", token.limit().maximum());
        json.put("ips", uses.stream().flatMap(use -> use.clientAddress().stream()).toList());
        json.put("disabled", token.disabled());
        json.put("active", token.isActiveAt(now));
        json.put("note", token.note());
        json.put("created_at", iso(token.createdAt()));
        json.put("expires_at", token.expiresAt().map(TokenJson::iso).orElse(null));
        inviteUrl(token.name()).ifPresent(url -> json.put("invite_url", url));
        return json;
    }

    /** One completed use: {@code user_id}, {@code used_at} (ISO-8601 UTC), {@code client_address} (null unless logged). */
    Map<String, Object> use(TokenUse use) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user_id", use.userId().orElse(null));
        json.put("used_at", use.usedAt().map(TokenJson::iso).orElse(null));
        json.put("client_address", use.clientAddress().orElse(null));
        return json;
    }

    /** The portal's public address plus {@code /register?token=NAME}; names never need escaping. */
    Optional<String> inviteUrl(TokenName name) {
        return publicUrl.map(url -> url.toString().replaceAll("/+$", "") + "/register?token=" + name.value());
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
