package org.matrixregistration.cli.token;

import java.util.List;
import java.util.Objects;

/**
 * What {@code token migrate --to synapse} did.
 *
 * @param destination the homeserver the tokens went to, in words, without credentials
 * @param migrated    tokens now in the homeserver, with their names, limits, expiries, notes and uses
 * @param usesCarried completed uses those tokens had, counted on top of the homeserver's own count
 * @param notCarried  what could not be carried, one entry per token, with the reason
 */
public record TokenMigrationSummary(String destination, int migrated, int usesCarried, List<NotCarried> notCarried) {
    public TokenMigrationSummary {
        Objects.requireNonNull(destination, "destination");
        notCarried = List.copyOf(notCarried);
        if (migrated < 0 || usesCarried < 0) {
            throw new IllegalArgumentException("migration counts cannot be negative");
        }
    }

    /** A token left where it was, and why; the reason never holds a secret. */
    public record NotCarried(String token, String reason) {
        public NotCarried {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
