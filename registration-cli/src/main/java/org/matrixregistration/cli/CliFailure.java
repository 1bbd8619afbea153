package org.matrixregistration.cli;

import org.matrixregistration.core.token.TokenName;

/**
 * An expected failure of a command (no such token, no config file): shown as one line without a
 * stack trace, exit code 1. The message must never contain a secret.
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }

    static CliFailure noSuchToken(TokenName name) {
        return new CliFailure("No token named " + name.value() + " (token names are case-sensitive)");
    }
}
