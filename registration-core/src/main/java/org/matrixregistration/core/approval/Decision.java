package org.matrixregistration.core.approval;

/** What deciding a request did. */
public sealed interface Decision {

    /** Decided and carried out. */
    record Done(RegistrationRequest request) implements Decision {}

    /** No request has that id. */
    record NotFound() implements Decision {}

    /** Decided already (perhaps at this very moment by another admin), or not decidable this way. */
    record Conflict(RegistrationRequest current) implements Decision {}

    /** Decided, but a step failed: the request needs attention, and deciding the same again finishes it. */
    record Incomplete(RegistrationRequest request) implements Decision {}
}
