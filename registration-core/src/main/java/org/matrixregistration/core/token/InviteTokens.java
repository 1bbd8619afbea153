package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.account.UserId;

/**
 * The token store: every invite token, its uses, and the reservations not settled yet.
 *
 * <h2>The use contract</h2>
 * A registration takes a use in steps so that a token with limit N never admits more than N
 * accounts, whatever the concurrency, across threads and across processes sharing one store, and
 * whatever is lost on the way:
 * <ol>
 *   <li>{@link #reserve} atomically evaluates {@link TokenPolicy} on the token's current state,
 *       counting completed uses and every reservation not settled yet, and, if it admits, records
 *       a reservation for the Matrix ID being registered. No interleaving of concurrent
 *       {@code reserve} calls may let more reservations plus completed uses exist than the limit,
 *       at any transaction isolation level the store's database may be set to.</li>
 *   <li>The reservation is settled by exactly one of:
 *     <ul>
 *       <li>{@link #complete}: the account exists; the reservation becomes a recorded use, in one
 *           atomic step. It is idempotent per reservation: the use is recorded once, however often
 *           and by whomever it is called (the sign-up and a settler may both), and even after the
 *           reservation was released, since an account that exists must be counted.</li>
 *       <li>{@link #release}: the account does not exist; the use is free again.</li>
 *     </ul></li>
 * </ol>
 * A reservation is never forgotten because of its age: one whose outcome is unknown keeps counting.
 * {@link #markUncertain} records that the homeserver's answer was lost; {@link #unsettled} hands
 * those, and in-flight reservations older than any running sign-up can be, to a settler, which asks
 * the homeserver and completes, releases or {@link #postpone}s them. The state lives in the store,
 * so settling survives restarts.
 *
 * <h2>When the homeserver enforces the token too</h2>
 * With {@code token_store: synapse} the homeserver checks the token and counts its uses itself
 * ({@link HomeserverTokens}). Such a store still reserves every portal sign-up's use as above, since
 * the homeserver's own check is not atomic, and counts against the limit the homeserver's count as
 * well. Once the homeserver has counted a reservation's use ({@link #countedByHomeserver}), the store
 * stops counting the reservation itself, so that no use is counted twice; it still settles it.
 *
 * <p>Implementations throw unchecked exceptions for infrastructure failures (database down, busy
 * past its timeout); a failed call changes nothing.
 */
public interface InviteTokens {

    /** Stores a new token. Returns false, storing nothing, if a token with that name exists. */
    boolean add(InviteToken token);

    Optional<InviteToken> find(TokenName name);

    /**
     * One page of tokens, see {@link TokenQuery}; statuses are judged at {@code now}. A page after a
     * cursor costs the same wherever it is; {@link Page#next()} is present when more tokens match.
     */
    Page<InviteToken> list(TokenQuery query, Instant now);

    /** Applies the changes atomically and returns the token as stored after them; empty if unknown. */
    Optional<InviteToken> change(TokenName name, TokenChanges changes);

    /** Deletes the token with its uses and reservations. Returns false if there was none. */
    boolean delete(TokenName name);

    /** Reserves one use for {@code userId} if {@link TokenPolicy} admits the token at {@code now}. */
    ReserveOutcome reserve(TokenName name, UserId userId, Instant now);

    /**
     * Records the reservation's account as a use of its token, at {@code at}, with the client
     * address only when given, and deletes the reservation. Returns true if this call recorded it;
     * false if it was recorded before or the token no longer exists (nothing is recorded then).
     */
    boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress);

    /** Releases a reservation whose account does not exist; releasing one that is gone is not an error. */
    void release(Reservation reservation);

    /**
     * The homeserver's answer for this reservation was lost: it keeps counting, is reported as
     * unconfirmed, and is due for settling at once. {@code reason} says what happened (no secret).
     */
    void markUncertain(Reservation reservation, String reason);

    /**
     * The reservation's account waits for an admin's decision: it keeps counting, but is not for a
     * settler to decide nor reported as unconfirmed. The decision completes or releases it.
     */
    void awaitDecision(Reservation reservation);

    /**
     * Reservations to settle, oldest first, at most {@code limit}: uncertain ones whose next attempt
     * is due at {@code now}, and in-flight ones reserved before {@code staleBefore} (their sign-up is
     * over, however it ended). A store may also drop reservations it cannot settle because they name
     * no account (kept from a version that did not record one) once they are stale.
     */
    List<UnsettledUse> unsettled(Instant staleBefore, Instant now, int limit);

    /**
     * A settler could not tell whether the account exists: the reservation stays uncertain, keeps
     * counting, and is due again at {@code nextAttempt}.
     */
    void postpone(Reservation reservation, int attempts, Instant nextAttempt, String reason);

    /**
     * The homeserver has counted this reservation's use in its own count (it accepted the token for
     * the sign-up): a store that adds the homeserver's count to its own stops counting the
     * reservation from now on, but keeps it for settling. A store that is the only counter, which
     * is every store whose tokens the homeserver does not know, ignores it (the default).
     */
    default void countedByHomeserver(Reservation reservation) {}

    /** How many uses, over all tokens, are uncertain now: for readiness and metrics. */
    int countUnconfirmed();

    /** The completed uses of a token, oldest first; empty if the token is unknown. */
    List<TokenUse> uses(TokenName name);

    /** The completed uses of each of {@code names} (one query, for a page), oldest first; none for unknown names. */
    Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names);
}
