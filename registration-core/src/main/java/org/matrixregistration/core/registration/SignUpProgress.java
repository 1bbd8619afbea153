package org.matrixregistration.core.registration;

/**
 * What a caller of {@link RegisterAccount#register(Registration, SignUpProgress)} learns before the
 * sign-up ends. A sign-up spends most of its time waiting for the homeserver; a caller that holds
 * something for it only until the token is known (a web edge that counts token guesses, say) can
 * let go early instead of for the whole sign-up.
 */
@FunctionalInterface
public interface SignUpProgress {

    /** Hears nothing. */
    SignUpProgress NONE = () -> { };

    /**
     * The token named in the form exists, whatever its state (it may still be used up, expired or
     * disabled): the sign-up is no guess. Called at most once, on the caller's thread, before the
     * homeserver is asked; not called when the token does not exist, nor by an implementation that
     * cannot tell before the end.
     */
    void tokenExists();
}
