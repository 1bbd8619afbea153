package org.matrixregistration.core.registration;

/**
 * The sign-up use case: turn a filled-in form and an invite token into a homeserver account.
 *
 * <p>It validates every field first and reports all problems at once; then it reserves one use of
 * the token atomically, asks the homeserver to create the account, and completes the use if the
 * account exists or releases it if not. A token with limit N therefore never admits more than N
 * accounts, and nothing is counted for an account that was not created.
 */
public interface RegisterAccount {

    RegistrationOutcome register(Registration registration);

    /**
     * {@link #register(Registration)}, telling {@code progress} what is known before the end. This
     * default tells nothing, which the contract of {@link SignUpProgress} allows; a decorator must
     * pass {@code progress} on to the use case it wraps.
     */
    default RegistrationOutcome register(Registration registration, SignUpProgress progress) {
        return register(registration);
    }
}
