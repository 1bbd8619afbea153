package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The token store: every invite token, its uses, and the reservations in flight.
 *
 * <h2>The use contract</h2>
 * A registration takes a use in three steps so that a token with limit N never admits more than N
 * accounts, whatever the concurrency, across threads and across processes sharing one store:
 * <ol>
 *   <li>{@link #reserve} atomically evaluates {@link TokenPolicy} on the token's current state,
 *       counting completed uses and live reservations, and, if it admits, records a reservation.
 *       No interleaving of concurrent {@code reserve} calls may let more reservations plus completed
 *       uses exist than the limit.</li>
 *   <li>{@link #complete} turns a reservation into a completed use, recording the user ID, the time
 *       and (only when given) the client address, in one atomic step.</li>
 *   <li>{@link #release} deletes a reservation whose account was not created; the use is free again.</li>
 * </ol>
 * A reservation that is neither completed nor released stops counting once it is older than the
 * store's reservation lifetime (a crashed process must not hold a use forever).
 *
 * <p>Implementations throw unchecked exceptions for infrastructure failures (database down, busy
 * past its timeout); a failed call changes nothing.
 */
public interface InviteTokens {

    /** Stores a new token. Returns false, storing nothing, if a token with that name exists. */
    boolean add(InviteToken token);

    Optional<InviteToken> find(TokenName name);

    /** One page of tokens, see {@link TokenQuery}. */
    Page<InviteToken> list(TokenQuery query);

    /** Applies the changes atomically and returns the token as stored after them; empty if unknown. */
    Optional<InviteToken> change(TokenName name, TokenChanges changes);

    /** Deletes the token with its uses and reservations. Returns false if there was none. */
    boolean delete(TokenName name);

    /** Reserves one use if {@link TokenPolicy} admits the token at {@code now}; see the class contract. */
    ReserveOutcome reserve(TokenName name, Instant now);

    /**
     * Completes a reservation as a use by {@code userId}. Returns false if the reservation no longer
     * exists (its token was deleted); nothing is recorded then.
     */
    boolean complete(Reservation reservation, String userId, Instant at, Optional<String> clientAddress);

    /** Releases a reservation; releasing one that is gone is not an error. */
    void release(Reservation reservation);

    /** The completed uses of a token, oldest first; empty if the token is unknown. */
    List<TokenUse> uses(TokenName name);
}
