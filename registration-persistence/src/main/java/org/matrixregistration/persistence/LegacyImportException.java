package org.matrixregistration.persistence;

/**
 * The database given to {@link LegacyImporter} is not one the Python matrix-registration wrote, or
 * holds a row that cannot become a token. Nothing was imported. The message is one line that
 * names the table and column; it never contains a token name, which is a secret.
 */
public class LegacyImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LegacyImportException(String message) {
        super(message);
    }

    public LegacyImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
