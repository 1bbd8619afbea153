package org.matrixregistration.synapse;

/**
 * Synapse could not be asked (unreachable, failing, or refusing {@code homeserver_admin_token}) for
 * something that has no answer without it, such as the registration tokens. The message names what
 * failed and what to fix, and never holds a secret or a token's name.
 */
public final class SynapseUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SynapseUnavailableException(String message) {
        super(message);
    }
}
