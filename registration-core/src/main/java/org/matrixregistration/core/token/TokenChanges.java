package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings an admin may change on an existing token. An empty field leaves that setting as it
 * is. Use counts and the name are deliberately absent: they are facts, not settings.
 *
 * @param expiresAt {@code Optional.of(Optional.empty())} removes the expiry
 */
public record TokenChanges(
        Optional<UsageLimit> limit,
        Optional<Optional<Instant>> expiresAt,
        Optional<Boolean> disabled,
        Optional<String> note,
        Optional<Boolean> requiresApproval) {

    public static final TokenChanges NONE = new TokenChanges(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public TokenChanges {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(disabled, "disabled");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(requiresApproval, "requiresApproval");
        expiresAt.ifPresent(inner -> Objects.requireNonNull(inner, "expiresAt"));
    }

    public TokenChanges withLimit(UsageLimit newLimit) {
        return new TokenChanges(Optional.of(newLimit), expiresAt, disabled, note, requiresApproval);
    }

    public TokenChanges withExpiry(Optional<Instant> newExpiry) {
        return new TokenChanges(limit, Optional.of(newExpiry), disabled, note, requiresApproval);
    }

    public TokenChanges withDisabled(boolean newDisabled) {
        return new TokenChanges(limit, expiresAt, Optional.of(newDisabled), note, requiresApproval);
    }

    public TokenChanges withNote(String newNote) {
        return new TokenChanges(limit, expiresAt, disabled, Optional.of(newNote), requiresApproval);
    }

    public TokenChanges withRequiresApproval(boolean approval) {
        return new TokenChanges(limit, expiresAt, disabled, note, Optional.of(approval));
    }

    public boolean isEmpty() {
        return limit.isEmpty() && expiresAt.isEmpty() && disabled.isEmpty() && note.isEmpty()
                && requiresApproval.isEmpty();
    }
}
