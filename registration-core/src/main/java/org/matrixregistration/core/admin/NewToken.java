package org.matrixregistration.core.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * What an admin asks for when creating a token.
 *
 * @param name an admin-chosen name, or empty to generate one
 */
public record NewToken(Optional<TokenName> name, UsageLimit limit, Optional<Instant> expiresAt, String note,
        boolean requiresApproval) {
    public static final int MAX_NOTE_LENGTH = 1000;

    public NewToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(expiresAt, "expiresAt");
        note = Objects.requireNonNullElse(note, "");
        if (note.length() > MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("a note may have at most " + MAX_NOTE_LENGTH + " characters");
        }
    }

    /** A token that admits accounts without approval. */
    public NewToken(Optional<TokenName> name, UsageLimit limit, Optional<Instant> expiresAt, String note) {
        this(name, limit, expiresAt, note, false);
    }

    /** A generated name with the given limit, no expiry and no note. */
    public static NewToken generated(UsageLimit limit) {
        return new NewToken(Optional.empty(), limit, Optional.empty(), "");
    }
}
