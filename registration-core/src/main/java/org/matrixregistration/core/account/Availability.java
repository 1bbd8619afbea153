package org.matrixregistration.core.account;

/** Whether a user ID can still be registered, as far as the homeserver will tell. */
public enum Availability {
    AVAILABLE,
    TAKEN,
    /** The homeserver would refuse the name itself (for example a reserved namespace). */
    INVALID,
    /** The homeserver gave no answer we can use (no admin token and registration closed, or down). */
    UNKNOWN
}
