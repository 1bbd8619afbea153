package org.matrixregistration.dist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.cli.token.TokenMigrationSummary;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.TokenCursor;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.persistence.JdbcHomeserverInviteTokens;

/**
 * {@code token migrate --to synapse}: copies every token of the portal's own store into Synapse's
 * registration tokens, with what the portal's database keeps about it (note, creation time, who
 * signed up, disabled state); Synapse's count starts at 0, so completed uses are carried (see
 * {@link JdbcHomeserverInviteTokens#addWithUses}).
 *
 * <p>Not carried, and reported: a token that requires approval (which {@code token_store: synapse}
 * refuses, since Synapse admits the token from any client), a name Synapse has already (also what a
 * second run finds for every token the first one carried), and a token with sign-ups not settled yet
 * (their uses would be lost; run it again once they have ended). The portal's store is read, never
 * changed.
 */
final class TokenMigration {
    static final String REQUIRES_APPROVAL = "requires approval, which token_store: synapse cannot enforce"
            + " (Synapse admits its tokens from any client)";
    static final String EXISTS = "Synapse has a registration token of that name already (carried by an earlier run?)";

    private final InviteTokens portal;
    private final JdbcHomeserverInviteTokens synapse;

    TokenMigration(InviteTokens portal, JdbcHomeserverInviteTokens synapse) {
        this.portal = Objects.requireNonNull(portal, "portal");
        this.synapse = Objects.requireNonNull(synapse, "synapse");
    }

    TokenMigrationSummary run(String destination, Instant now) {
        int migrated = 0;
        int usesCarried = 0;
        List<TokenMigrationSummary.NotCarried> notCarried = new ArrayList<>();
        for (InviteToken token : everyToken(now)) {
            Optional<String> reason = obstacle(token);
            if (reason.isPresent()) {
                notCarried.add(new TokenMigrationSummary.NotCarried(token.name().value(), reason.get()));
                continue;
            }
            List<TokenUse> uses = portal.uses(token.name());
            if (synapse.addWithUses(token, uses)) {
                migrated++;
                usesCarried += token.completedUses();
            } else {
                notCarried.add(new TokenMigrationSummary.NotCarried(token.name().value(), EXISTS));
            }
        }
        return new TokenMigrationSummary(destination, migrated, usesCarried, notCarried);
    }

    private static Optional<String> obstacle(InviteToken token) {
        if (token.requiresApproval()) {
            return Optional.of(REQUIRES_APPROVAL);
        }
        int pending = token.pendingUses();
        if (pending > 0) {
            return Optional.of(pending + (pending == 1 ? " sign-up is" : " sign-ups are") + " not settled yet, and"
                    + " its use would be lost; run token migrate again once " + (pending == 1 ? "it has" : "they have")
                    + " ended");
        }
        return Optional.empty();
    }

    private List<InviteToken> everyToken(Instant now) {
        List<InviteToken> all = new ArrayList<>();
        TokenQuery query = TokenQuery.all();
        Page<InviteToken> page = portal.list(query, now);
        all.addAll(page.items());
        while (page.next().isPresent()) {
            TokenCursor cursor = page.next().get();
            page = portal.list(query.after(cursor), now);
            all.addAll(page.items());
        }
        return all;
    }
}
