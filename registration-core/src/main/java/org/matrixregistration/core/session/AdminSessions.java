package org.matrixregistration.core.session;

import java.time.Instant;
import java.util.Optional;

/**
 * The store of signed-in console sessions, shared by every portal instance that shares the token
 * store, so that a browser stays signed in whichever instance a load balancer picks and signing out
 * ends the session everywhere.
 *
 * <p>Ids are hashes of the browser's secret; callers hash before they ask. Implementations throw
 * unchecked exceptions for infrastructure failures; a failed call changes nothing.
 */
public interface AdminSessions {

    /** Stores a new session; false if one with this id exists (then nothing changes). */
    boolean add(AdminSession session);

    Optional<AdminSession> find(String id);

    /** Records that the session was used at {@code at}; false if it is gone. */
    boolean touch(String id, Instant at);

    /** Ends a session; ending one that is gone is not an error. */
    void remove(String id);

    /** Removes sessions last used before {@code idleBefore} or created before {@code createdBefore}; returns how many. */
    int removeExpired(Instant idleBefore, Instant createdBefore);
}
