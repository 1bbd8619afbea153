package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A completed use of a token.
 *
 * <p>Uses imported from the Python tool carry only the client address it logged, so the user ID
 * and time are optional; uses made here always have both.
 *
 * @param clientAddress the client's address (or the forwarded chain the old tool stored), present
 *                      only when IP logging was on
 */
public record TokenUse(TokenName token, Optional<String> userId, Optional<Instant> usedAt, Optional<String> clientAddress) {
    public TokenUse {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(usedAt, "usedAt");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }
}
