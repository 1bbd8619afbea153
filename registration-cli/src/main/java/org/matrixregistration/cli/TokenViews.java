package org.matrixregistration.cli;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.admin.TokenRepresentation;
import org.matrixregistration.core.token.Admission;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenPolicy;
import org.matrixregistration.core.token.TokenUse;

/**
 * How tokens look on the command line: for people (details, tables; times to the minute in the
 * server's zone) and for scripts (the admin API's token object, extended). One instant, taken
 * once per command, decides "active" and the state everywhere in one output.
 */
final class TokenViews {
    static final DateTimeFormatter HUMAN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final String ACTIVE = "active";
    private static final int NOTE_COLUMN_WIDTH = 40;

    private final Instant now;
    private final ZoneId zone;
    private final TokenRepresentation representation;

    TokenViews(Instant now, ZoneId zone, Optional<URI> publicUrl) {
        this.now = now;
        this.zone = zone;
        this.representation = new TokenRepresentation(zone, publicUrl);
    }

    static TokenViews of(CliEnvironment environment) {
        return new TokenViews(environment.clock().instant(), environment.zone(), environment.publicUrl());
    }

    /** The portal's public address plus {@code /register?token=NAME}; names never need escaping. */
    Optional<String> inviteUrl(TokenName name) {
        return representation.inviteUrl(name);
    }

    /** {@code active}, or the first rule of the token policy that refuses it. */
    String state(InviteToken token) {
        if (TokenPolicy.evaluate(token, now) instanceof Admission.Refused refused) {
            return switch (refused.reason()) {
                case DISABLED -> "disabled";
                case EXPIRED -> "expired";
                case USED_UP -> "used up";
                case UNKNOWN -> "unknown";
            };
        }
        return ACTIVE;
    }

    /** The admin API's token object and this portal's additions, in a fixed key order. */
    Map<String, Object> json(InviteToken token, List<TokenUse> uses) {
        return representation.token(token, uses, now);
    }

    /** The token object with its uses, oldest first. */
    Map<String, Object> jsonWithUses(InviteToken token, List<TokenUse> uses) {
        Map<String, Object> json = json(token, uses);
        json.put("uses", uses.stream().map(representation::use).toList());
        return json;
    }

    /** "Label: value" lines describing one token. */
    List<String> details(InviteToken token) {
        List<String> lines = new ArrayList<>();
        lines.add("Name:        " + token.name().value());
        lines.add("State:       " + state(token));
        lines.add("Uses:        " + usesInWords(token));
        lines.add("Expires:     " + token.expiresAt().map(this::timeWithZone).orElse("never"));
        lines.add("Created:     " + timeWithZone(token.createdAt()));
        if (!token.note().isEmpty()) {
            lines.add("Note:        " + printable(token.note()));
        }
        if (token.requiresApproval()) {
            lines.add("Approval:    required (sign-ups wait for 'requests approve')");
        }
        inviteUrl(token.name()).ifPresent(url -> lines.add("Invite link: " + url));
        return lines;
    }

    /** The uses of one token as a table, or a sentence when there are none. */
    List<String> usesTable(List<TokenUse> uses) {
        if (uses.isEmpty()) {
            return List.of("No recorded uses.");
        }
        List<List<String>> rows = uses.stream()
                .map(use -> List.of(
                        use.usedAt().map(this::time).orElse("-"),
                        use.userId().map(TokenViews::printable).orElse("-"),
                        use.clientAddress().map(TokenViews::printable).orElse("-")))
                .toList();
        return Table.render(List.of("USED AT", "USER", "CLIENT ADDRESS"), rows);
    }

    /** Tokens as a table with a summary line, or a sentence when there are none. */
    List<String> table(List<InviteToken> tokens) {
        if (tokens.isEmpty()) {
            return List.of("No tokens.");
        }
        List<List<String>> rows = tokens.stream()
                .map(token -> List.of(
                        token.name().value(),
                        state(token),
                        usesInColumn(token),
                        token.expiresAt().map(this::time).orElse("never"),
                        shortened(printable(token.note()))))
                .toList();
        List<String> lines = new ArrayList<>(Table.render(List.of("NAME", "STATE", "USES", "EXPIRES", "NOTE"), rows));
        long active = tokens.stream().filter(token -> token.isActiveAt(now)).count();
        lines.add("");
        lines.add(tokens.size() + (tokens.size() == 1 ? " token, " : " tokens, ") + active + " active. Times are in "
                + zoneName() + ".");
        return lines;
    }

    String time(Instant instant) {
        return HUMAN_TIME.format(instant.atZone(zone));
    }

    String timeWithZone(Instant instant) {
        return time(instant) + " " + zoneName();
    }

    String zoneName() {
        return zoneName(zone);
    }

    /** {@code UTC} rather than {@code Z}; otherwise the zone's ID, e.g. {@code Europe/Berlin}. */
    static String zoneName(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static String usesInWords(InviteToken token) {
        String limit = token.limit().isUnlimited() ? "unlimited" : Integer.toString(token.limit().maximum());
        String inFlight = token.pendingUses() == 0 ? "" : " (" + token.pendingUses() + " more in flight"
                + (token.uses().unconfirmed() == 0 ? "" : ", of which " + token.uses().unconfirmed()
                        + " unconfirmed: the homeserver has not told yet whether the account exists") + ")";
        return token.completedUses() + " of " + limit + inFlight;
    }

    private static String usesInColumn(InviteToken token) {
        String limit = token.limit().isUnlimited() ? "unlimited" : Integer.toString(token.limit().maximum());
        String inFlight = token.pendingUses() == 0 ? "" : " +" + token.pendingUses() + " in flight";
        String unconfirmed = token.uses().unconfirmed() == 0 ? "" : " (" + token.uses().unconfirmed() + " unconfirmed)";
        return token.completedUses() + "/" + limit + inFlight + unconfirmed;
    }


    /**
     * Control characters would let stored text move the cursor or recolour the terminal, and
     * bidirectional overrides would let it show something other than what is stored.
     */
    static String printable(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) || isBidiControl(c) ? ' ' : c));
        return safe.toString();
    }

    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
    }

    private static String shortened(String note) {
        return note.length() <= NOTE_COLUMN_WIDTH ? note : note.substring(0, NOTE_COLUMN_WIDTH - 3) + "...";
    }
}
