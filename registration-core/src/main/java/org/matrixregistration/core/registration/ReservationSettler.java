package org.matrixregistration.core.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.approval.Attention;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RequestStatus;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.UnsettledUse;

/**
 * Settles token uses whose sign-up went silent: its homeserver answer was lost, or its process died.
 * It asks the homeserver whether the reservation's account exists, and
 * <ul>
 *   <li>if it does, records the use (the account is counted, even if it appeared late);</li>
 *   <li>if it does not, frees the use, but only once the reservation is older than
 *       {@code staleAfter}: a request whose answer was lost may still be working its way through
 *       the homeserver (a paused or overloaded Synapse), and freeing its use before it lands would
 *       let one more account in than the limit;</li>
 *   <li>if it cannot tell, keeps the use counting and tries again later, backing off from
 *       {@link #FIRST_RETRY} to {@link #MAX_RETRY}.</li>
 * </ul>
 * All state is in the token store, so any instance may run it, repeatedly and concurrently: every
 * step is idempotent ({@link InviteTokens#complete} records a use once).
 */
public final class ReservationSettler {
    private static final Logger LOG = Logger.getLogger(ReservationSettler.class.getName());
    public static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    public static final Duration MAX_RETRY = Duration.ofHours(1);
    /** Reservations looked at per pass; the rest wait for the next one. */
    static final int BATCH = 100;

    private final InviteTokens tokens;
    private final HomeserverAccounts homeserver;
    private final Duration staleAfter;
    private final Clock clock;
    private final Optional<RegistrationRequests> requests;

    /**
     * @param staleAfter the reservation lifetime: longer than any sign-up can take, so that an
     *                   in-flight reservation this old has no sign-up running for it any more
     */
    public ReservationSettler(InviteTokens tokens, HomeserverAccounts homeserver, Duration staleAfter, Clock clock) {
        this(tokens, homeserver, staleAfter, clock, Optional.empty());
    }

    /**
     * @param requests where sign-ups that need approval record their requests: a reservation for
     *                 such a sign-up is settled by its request, not by asking the homeserver (its
     *                 account is locked, and may exist without being approved)
     */
    public ReservationSettler(InviteTokens tokens, HomeserverAccounts homeserver, Duration staleAfter, Clock clock,
            Optional<RegistrationRequests> requests) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What one pass did. */
    public record Settlement(int completed, int released, int postponed) {
        public int total() {
            return completed + released + postponed;
        }
    }

    /** Settles what is due now; throws only if the token store cannot be read. */
    public Settlement settleDue() {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(staleAfter);
        List<UnsettledUse> due = tokens.unsettled(staleBefore, now, BATCH);
        int completed = 0;
        int released = 0;
        int postponed = 0;
        for (UnsettledUse use : due) {
            Reservation reservation = use.reservation();
            if (reservation.needsApproval()) {
                switch (byRequest(reservation)) {
                    case COMPLETE -> completed++;
                    case RELEASE -> released++;
                    case AWAIT -> postponed++;
                }
                continue;
            }
            switch (existence(reservation)) {
                case EXISTS -> {
                    tokens.complete(reservation, reservation.reservedAt(), Optional.empty());
                    LOG.info(() -> "Settled a token use of " + reservation.token() + ": " + reservation.userId()
                            + " exists, so the use is recorded");
                    completed++;
                }
                case ABSENT -> {
                    if (reservation.reservedAt().isBefore(staleBefore)) {
                        tokens.release(reservation);
                        LOG.info(() -> "Settled a token use of " + reservation.token() + ": " + reservation.userId()
                                + " was not created, so the use is free again");
                        released++;
                    } else {
                        tokens.postpone(reservation, use.attempts(), reservation.reservedAt().plus(staleAfter),
                                "not created so far; a late request may still land until the reservation is "
                                        + staleAfter.toMinutes() + " minutes old");
                        postponed++;
                    }
                }
                case UNKNOWN -> {
                    int attempts = use.attempts() + 1;
                    tokens.postpone(reservation, attempts, now.plus(backoff(attempts)),
                            "the homeserver could not tell whether " + reservation.userId() + " exists");
                    postponed++;
                }
            }
        }
        return new Settlement(completed, released, postponed);
    }

    private enum Step { COMPLETE, RELEASE, AWAIT }

    /**
     * A sign-up that needs approval records its request before it makes any account, so without a
     * request nothing was made; with one, its status says what the use becomes.
     */
    private Step byRequest(Reservation reservation) {
        Optional<RegistrationRequest> request = requests.flatMap(store -> store.findByReservation(reservation.id()));
        if (request.isEmpty() || request.get().status() == RequestStatus.DENIED) {
            tokens.release(reservation);
            return Step.RELEASE;
        }
        RegistrationRequest found = request.get();
        if (found.status() == RequestStatus.APPROVED || found.attention().orElse(null) == Attention.UNLOCK) {
            tokens.complete(reservation, found.requestedAt(), Optional.empty());
            return Step.COMPLETE;
        }
        tokens.awaitDecision(reservation);
        return Step.AWAIT;
    }

    private Existence existence(Reservation reservation) {
        try {
            return homeserver.exists(reservation.userId());
        } catch (RuntimeException bug) {
            LOG.log(Level.WARNING, bug, () -> "Asking whether " + reservation.userId() + " exists failed");
            return Existence.UNKNOWN;
        }
    }

    /** 30 s, 1 min, 2 min, ... up to an hour. */
    static Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 16);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }
}
