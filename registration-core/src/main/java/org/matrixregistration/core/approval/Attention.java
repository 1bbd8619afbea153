package org.matrixregistration.core.approval;

/** What a request in {@link RequestStatus#NEEDS_ATTENTION} still needs, and which decision finishes it. */
public enum Attention {
    /** The sign-up did not finish (the homeserver failed between its steps): deny to clean up. */
    UNFINISHED,
    /** Approved, but the account could not be unlocked yet: approve again. */
    UNLOCK,
    /** Denied, but the account could not be deactivated yet: deny again. */
    ERASE;

    /** Whether trying {@code approve} (true) or deny (false) again finishes it. */
    public boolean finishedBy(boolean approve) {
        return approve == (this == UNLOCK);
    }
}
