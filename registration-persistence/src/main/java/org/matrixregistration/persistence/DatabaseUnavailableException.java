package org.matrixregistration.persistence;

/**
 * The token store cannot be used: at start-up the database cannot be opened or reached, or its
 * schema is newer than this code or foreign to it; later, a call failed (server gone, SQLite busy
 * past its timeout). A call that throws this changed nothing.
 *
 * <p>The message is one line a person can act on, naming the setting ({@code db}) and the file or
 * host, so that the command line can print it instead of a stack trace. It never contains a
 * password or a token name; the cause keeps the driver's details for debug logs.
 */
public class DatabaseUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message) {
        super(message);
    }

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
