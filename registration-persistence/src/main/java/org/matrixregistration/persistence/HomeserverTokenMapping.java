package org.matrixregistration.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;
import org.matrixregistration.persistence.HomeserverTokenRows.Counts;
import org.matrixregistration.persistence.HomeserverTokenRows.Side;

/**
 * The mapping of {@code token_store: synapse} between an invite token and what the homeserver and the
 * row here hold of it; {@link JdbcHomeserverInviteTokens} describes the rules.
 */
final class HomeserverTokenMapping {
    private HomeserverTokenMapping() {}

    /**
     * How the homeserver holds a token's settings: the limit it can take, and whether the token must
     * be switched off (disabled, expired, or no uses left after those carried).
     */
    record Holding(OptionalInt usesAllowed, boolean switchedOff) {
        static Holding of(InviteToken wanted, int carried, Instant now) {
            if (wanted.limit().isUnlimited()) {
                return new Holding(OptionalInt.empty(), wanted.disabled() || wanted.isExpiredAt(now));
            }
            int left = wanted.limit().maximum() - carried;
            // 0 would be "no limit" to Synapse; a token with no uses left is switched off instead.
            return new Holding(OptionalInt.of(Math.max(1, left)), wanted.disabled() || wanted.isExpiredAt(now) || left < 1);
        }
    }

    /** The invite token that the homeserver's token, the row here and its reservations make together. */
    static InviteToken combine(HomeserverToken held, Side side, Counts counts) {
        int carried = side.carriedUses();
        UsageLimit limit;
        boolean disabled;
        Optional<Instant> expiresAt;
        if (side.holds(held)) {
            limit = side.heldLimit();
            disabled = side.disabled();
            expiresAt = side.wantedExpiry();
        } else {
            // 0 is "no limit" to Synapse, as null is.
            int allowed = held.usesAllowed().orElse(0);
            limit = allowed == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(allowed + carried);
            disabled = false;
            expiresAt = held.expiresAt();
        }
        int pending = held.pending() + counts.counted();
        UseCounts uses = new UseCounts(held.completed() + carried, pending, Math.min(counts.unconfirmed(), pending));
        return new InviteToken(held.name(), limit, expiresAt, disabled, side.note(), side.createdAt(), uses,
                side.requiresApproval());
    }

    /**
     * The uses of a token: those recorded here (who signed up through the portal), then one without a
     * name for each use the homeserver counted that the portal did not see (made from another client).
     */
    static List<TokenUse> withUnnamed(TokenName name, int completed, List<TokenUse> named) {
        int unnamed = Math.max(0, completed - named.size());
        if (unnamed == 0) {
            return named;
        }
        List<TokenUse> all = new ArrayList<>(named);
        all.addAll(Collections.nCopies(unnamed, new TokenUse(name, Optional.empty(), Optional.empty(), Optional.empty())));
        return all;
    }
}
