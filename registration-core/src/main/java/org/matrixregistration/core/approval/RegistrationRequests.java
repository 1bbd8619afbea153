package org.matrixregistration.core.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store of registration requests, shared by every portal instance that shares the token store.
 *
 * <h2>One decision wins</h2>
 * {@link #replace} changes a request only if it still is exactly {@code expected} (status and
 * attention): two admins, or two instances, deciding the same request at once cannot both succeed.
 * Implementations throw unchecked exceptions for infrastructure failures; a failed call changes
 * nothing.
 */
public interface RegistrationRequests {

    /** Stores a new request; false if one with its id exists. */
    boolean add(RegistrationRequest request);

    Optional<RegistrationRequest> find(String id);

    /** The request that holds this token use, if any. */
    Optional<RegistrationRequest> findByReservation(String reservationId);

    /** Requests with that status (all when empty), newest first, at most {@code limit}. */
    List<RegistrationRequest> list(Optional<RequestStatus> status, int limit);

    /** Replaces {@code expected} by {@code updated} if it is stored as {@code expected}; false otherwise. */
    boolean replace(RegistrationRequest expected, RegistrationRequest updated);

    /** Removes a request that never became one (its homeserver made no account); gone is fine. */
    void remove(String id);

    /** Pending requests made before {@code before}, oldest first, at most {@code limit}: those to expire. */
    List<RegistrationRequest> pendingBefore(Instant before, int limit);
}
