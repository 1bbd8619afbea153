package org.matrixregistration.cli.token;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.SafeText;
import org.matrixregistration.cli.ServerTime;
import org.matrixregistration.cli.Table;
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
    static final String ACTIVE = "active";
    private static final int NOTE_COLUMN_WIDTH = 40;

    private final Instant now;
    private final ServerTime times;
    private final TokenRepresentation representation;

    TokenViews(Instant now, ZoneId zone, Optional<URI> publicUrl) {
        this.now = now;
        this.times = new ServerTime(zone);
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
        lines.add("Expires:     " + token.expiresAt().map(times::formatWithZone).orElse("never"));
        lines.add("Created:     " + times.formatWithZone(token.createdAt()));
        if (!token.note().isEmpty()) {
            lines.add("Note:        " + SafeText.printable(token.note()));
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
                        use.usedAt().map(times::format).orElse("-"),
                        use.userId().map(SafeText::printable).orElse("-"),
                        use.clientAddress().map(SafeText::printable).orElse("-")))
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
                        token.expiresAt().map(times::format).orElse("never"),
                        shortened(SafeText.printable(token.note()))))
                .toList();
        List<String> lines = new ArrayList<>(Table.render(List.of("NAME", "STATE", "USES", "EXPIRES", "NOTE"), rows));
        long active = tokens.stream().filter(token -> token.isActiveAt(now)).count();
        lines.add("");
        lines.add(tokens.size() + (tokens.size() == 1 ? " token, " : " tokens, ") + active + " active. Times are in "
                + times.zoneName() + ".");
        return lines;
    }

    /** The server's time zone, as these views show times. */
    ServerTime times() {
        return times;
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

    private static String shortened(String note) {
        return note.length() <= NOTE_COLUMN_WIDTH ? note : note.substring(0, NOTE_COLUMN_WIDTH - 3) + "...";
    }
}
