package org.matrixregistration.cli;

/**
 * An expected failure of a command (no such token, no config file): shown as one line without a
 * stack trace, exit code 1. The message must never contain a secret.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliFailure(String message) {
        super(message);
    }
}
