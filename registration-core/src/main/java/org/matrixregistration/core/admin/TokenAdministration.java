package org.matrixregistration.core.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenNameGenerator;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UseCounts;

/** {@link AdministerTokens} over the token store. */
public final class TokenAdministration implements AdministerTokens {
    /**
     * A generated name collides only by chance (one in 2^36 per pair with the default list), so a
     * few retries make a failure practically impossible while never looping forever.
     */
    private static final int GENERATION_ATTEMPTS = 8;

    private final InviteTokens tokens;
    private final TokenNameGenerator names;
    private final Clock clock;
    private final boolean approvalAvailable;
    private final String approvalUnavailableReason;

    /** Without approval: a token that requires it is refused. */
    public TokenAdministration(InviteTokens tokens, TokenNameGenerator names, Clock clock) {
        this(tokens, names, clock, false);
    }

    /**
     * @param approvalAvailable whether accounts can be locked until approved (the homeserver adapter
     *                          has an admin's access token); tokens may require approval only then
     */
    public TokenAdministration(InviteTokens tokens, TokenNameGenerator names, Clock clock, boolean approvalAvailable) {
        this(tokens, names, clock, approvalAvailable, APPROVAL_UNAVAILABLE);
    }

    /**
     * @param approvalUnavailableReason why tokens cannot require approval, when they cannot: the
     *                                  missing setting, or a token store that would let them bypass it
     */
    public TokenAdministration(InviteTokens tokens, TokenNameGenerator names, Clock clock, boolean approvalAvailable,
            String approvalUnavailableReason) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.names = Objects.requireNonNull(names, "names");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.approvalAvailable = approvalAvailable;
        this.approvalUnavailableReason = Objects.requireNonNull(approvalUnavailableReason, "approvalUnavailableReason");
    }

    @Override
    public boolean approvalAvailable() {
        return approvalAvailable;
    }

    @Override
    public String approvalUnavailableReason() {
        return approvalUnavailableReason;
    }

    @Override
    public CreateOutcome create(NewToken request) {
        if (request.requiresApproval() && !approvalAvailable) {
            return new CreateOutcome.ApprovalUnavailable();
        }
        Instant now = clock.instant();
        if (request.name().isPresent()) {
            TokenName chosen = request.name().get();
            if (request.expiresAt().map(expiry -> !now.isBefore(expiry)).orElse(false)) {
                return new CreateOutcome.AlreadyExpired(chosen);
            }
            InviteToken token = fresh(chosen, request, now);
            return tokens.add(token) ? new CreateOutcome.Created(token) : new CreateOutcome.NameTaken(chosen);
        }
        for (int attempt = 0; attempt < GENERATION_ATTEMPTS; attempt++) {
            TokenName generated = names.next();
            if (request.expiresAt().map(expiry -> !now.isBefore(expiry)).orElse(false)) {
                return new CreateOutcome.AlreadyExpired(generated);
            }
            InviteToken token = fresh(generated, request, now);
            if (tokens.add(token)) {
                return new CreateOutcome.Created(token);
            }
        }
        throw new IllegalStateException("could not generate an unused token name in " + GENERATION_ATTEMPTS
                + " attempts; the word list is too small for the number of tokens");
    }

    @Override
    public Optional<InviteToken> get(TokenName name) {
        return tokens.find(name);
    }

    @Override
    public Page<InviteToken> list(TokenQuery query) {
        return tokens.list(query, clock.instant());
    }

    private static InviteToken fresh(TokenName name, NewToken request, Instant now) {
        return new InviteToken(name, request.limit(), request.expiresAt(), false, request.note(), now, UseCounts.NONE,
                request.requiresApproval());
    }

    @Override
    public UpdateOutcome update(TokenName name, TokenChanges changes) {
        if (changes.requiresApproval().orElse(false) && !approvalAvailable) {
            return new UpdateOutcome.ApprovalUnavailable();
        }
        Optional<InviteToken> updated = changes.isEmpty() ? tokens.find(name) : tokens.change(name, changes);
        return updated.<UpdateOutcome>map(UpdateOutcome.Updated::new).orElseGet(UpdateOutcome.NotFound::new);
    }

    @Override
    public Optional<InviteToken> disable(TokenName name) {
        return tokens.change(name, TokenChanges.NONE.withDisabled(true));
    }

    @Override
    public boolean delete(TokenName name) {
        return tokens.delete(name);
    }

    @Override
    public Optional<List<TokenUse>> uses(TokenName name) {
        return tokens.find(name).map(found -> tokens.uses(name));
    }

    @Override
    public Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names) {
        return names.isEmpty() ? Map.of() : tokens.uses(names);
    }
}
