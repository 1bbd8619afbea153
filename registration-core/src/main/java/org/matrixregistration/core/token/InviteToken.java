package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An invite token as the store knows it at one moment.
 *
 * @param name      the token's name, also the secret in the invite link
 * @param limit     how many registrations it admits in all
 * @param expiresAt the instant from which it no longer admits anyone, if any
 * @param disabled  whether an admin switched it off
 * @param note      free text for admins ("for my sister"); empty if none
 * @param createdAt when it was made (for imported tokens: when they were imported)
 * @param uses      completed uses and reservations not settled yet (see {@link InviteTokens})
 * @param requiresApproval whether an account made with it waits, locked, for an admin's approval
 */
public record InviteToken(
        TokenName name,
        UsageLimit limit,
        Optional<Instant> expiresAt,
        boolean disabled,
        String note,
        Instant createdAt,
        UseCounts uses,
        boolean requiresApproval) {

    public InviteToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(uses, "uses");
    }

    /** A token that admits accounts without approval. */
    public InviteToken(TokenName name, UsageLimit limit, Optional<Instant> expiresAt, boolean disabled, String note,
            Instant createdAt, UseCounts uses) {
        this(name, limit, expiresAt, disabled, note, createdAt, uses, false);
    }

    /** A token nobody has used yet. */
    public static InviteToken fresh(
            TokenName name, UsageLimit limit, Optional<Instant> expiresAt, String note, Instant createdAt) {
        return new InviteToken(name, limit, expiresAt, false, note, createdAt, UseCounts.NONE);
    }

    /** Registrations that created an account with it. */
    public int completedUses() {
        return uses.completed();
    }

    /** Reservations not settled yet; see {@link UseCounts#pending()}. */
    public int pendingUses() {
        return uses.pending();
    }

    /** Uses that count against the limit: completed ones and those not settled yet. */
    public int countedUses() {
        return uses.counted();
    }

    /** The same token with other use counts. */
    public InviteToken withUses(UseCounts counts) {
        return new InviteToken(name, limit, expiresAt, disabled, note, createdAt, counts, requiresApproval);
    }

    /** Whether it would admit a registration at {@code now}; see {@link TokenPolicy}. */
    public boolean isActiveAt(Instant now) {
        return TokenPolicy.evaluate(this, now) instanceof Admission.Admitted;
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false);
    }

    public InviteToken withSettings(TokenChanges changes) {
        return new InviteToken(
                name,
                changes.limit().orElse(limit),
                changes.expiresAt().orElse(expiresAt),
                changes.disabled().orElse(disabled),
                changes.note().orElse(note),
                createdAt,
                uses,
                changes.requiresApproval().orElse(requiresApproval));
    }
}
