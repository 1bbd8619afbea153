package org.matrixregistration.core.admin;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;

/**
 * The token object admins see, defined once so that the admin API and the CLI's {@code --json}
 * answer the same fields in the same order and formats. Its values are plain JDK types (strings,
 * numbers, booleans, lists, maps) that any JSON writer serialises.
 *
 * <p>First the Python tool's fields, as its scripts and bots parse them: {@code name}, {@code used}
 * (completed uses), {@code expiration_date} ({@code "YYYY-MM-DD HH:MM:SS"} in the server's zone, or
 * null), {@code max_usage} (0 for unlimited), {@code ips}, {@code disabled}, {@code active}. Then this
 * portal's: {@code note}, {@code requires_approval}, {@code pending} (uses reserved by sign-ups not settled yet; they count
 * against the limit) and {@code unconfirmed} (those of them whose homeserver answer was lost, until
 * a settler finds out whether the account exists), {@code created_at} and {@code expires_at}
 * (ISO-8601 UTC, to the second), and {@code invite_url} when a public URL is known.
 */
public final class TokenRepresentation {
    public static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;
    private final Optional<URI> publicUrl;

    /**
     * @param zone      the server's zone, in which the old tool's naive {@code expiration_date} is written
     * @param publicUrl the portal's public address including any base path, for invite links
     */
    public TokenRepresentation(ZoneId zone, Optional<URI> publicUrl) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
    }

    /** @param now the one instant that decides {@code active} for a whole answer */
    public Map<String, Object> token(InviteToken token, List<TokenUse> uses, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", token.name().value());
        fields.put("used", token.completedUses());
        fields.put("expiration_date", token.expiresAt().map(expiry -> LEGACY_TIME.format(expiry.atZone(zone))).orElse(null));
        fields.put("max_usage", token.limit().maximum());
        fields.put("ips", uses.stream().flatMap(use -> use.clientAddress().stream()).toList());
        fields.put("disabled", token.disabled());
        fields.put("active", token.isActiveAt(now));
        fields.put("note", token.note());
        fields.put("requires_approval", token.requiresApproval());
        fields.put("pending", token.pendingUses());
        fields.put("unconfirmed", token.uses().unconfirmed());
        fields.put("created_at", iso(token.createdAt()));
        fields.put("expires_at", token.expiresAt().map(TokenRepresentation::iso).orElse(null));
        inviteUrl(token.name()).ifPresent(url -> fields.put("invite_url", url));
        return fields;
    }

    /** One completed use: {@code user_id}, {@code used_at} (ISO-8601 UTC), {@code client_address} (null unless logged). */
    public Map<String, Object> use(TokenUse use) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user_id", use.userId().orElse(null));
        fields.put("used_at", use.usedAt().map(TokenRepresentation::iso).orElse(null));
        fields.put("client_address", use.clientAddress().orElse(null));
        return fields;
    }

    /** The portal's public address plus {@code /register?token=NAME}; names never need escaping. */
    public Optional<String> inviteUrl(TokenName name) {
        return publicUrl.map(url -> url.toString().replaceAll("/+$", "") + "/register?token=" + name.value());
    }

    /** An instant as ISO-8601 UTC to the second, e.g. {@code 2026-12-30T23:00:00Z}. */
    public static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
