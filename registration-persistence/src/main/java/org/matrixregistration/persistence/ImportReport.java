package org.matrixregistration.persistence;

/**
 * What {@link LegacyImporter} did.
 *
 * @param tokensImported tokens copied into the store
 * @param tokensSkipped  tokens left out because the store already had a token of that name (for
 *                       example from an earlier import)
 * @param usesImported   past uses copied, one per client address the old tool logged
 */
public record ImportReport(int tokensImported, int tokensSkipped, int usesImported) {
    public ImportReport {
        if (tokensImported < 0 || tokensSkipped < 0 || usesImported < 0) {
            throw new IllegalArgumentException("import counts cannot be negative");
        }
    }
}
