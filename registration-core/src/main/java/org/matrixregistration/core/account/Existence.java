package org.matrixregistration.core.account;

/** Whether an account exists on the homeserver, as far as it will tell. */
public enum Existence {
    EXISTS,
    ABSENT,
    /** The homeserver gave no answer that decides it (down, or no API that tells). */
    UNKNOWN
}
