package org.matrixregistration.cli;

import java.util.List;
import java.util.Objects;

/**
 * What {@code db import-legacy} did.
 *
 * @param source         the imported database in words, without credentials
 * @param tokensImported tokens copied into this portal's store
 * @param tokensSkipped  tokens left out because a token of that name exists already
 * @param usesImported   recorded uses (client addresses) copied with the tokens
 * @param warnings       things an admin should know, e.g. a value that had to be interpreted
 */
public record ImportSummary(String source, int tokensImported, int tokensSkipped, int usesImported, List<String> warnings) {
    public ImportSummary {
        Objects.requireNonNull(source, "source");
        warnings = List.copyOf(warnings);
        if (tokensImported < 0 || tokensSkipped < 0 || usesImported < 0) {
            throw new IllegalArgumentException("import counts cannot be negative");
        }
    }
}
