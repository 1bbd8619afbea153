package org.matrixregistration.core.approval;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;

/**
 * A person's sign-up with a token that requires approval: their account exists, locked, and keeps
 * the token's use reserved until an admin decides.
 *
 * @param id            a random identifier, safe to show and to put in a URL
 * @param reservationId the token use held for it
 * @param attention     what is left to do, while {@link RequestStatus#NEEDS_ATTENTION}
 * @param noticeId      the announcement of the request in the admins' room, to reply to
 */
public record RegistrationRequest(String id, UserId userId, TokenName token, String reservationId,
        Instant requestedAt, RequestStatus status, Optional<Attention> attention, Optional<Instant> decidedAt,
        Optional<String> reason, Optional<String> noticeId) {

    public static final int MAX_REASON_LENGTH = 500;

    public RegistrationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(noticeId, "noticeId");
        if ((status == RequestStatus.NEEDS_ATTENTION) != attention.isPresent()) {
            throw new IllegalArgumentException("a request needs an attention exactly while it needs attention");
        }
        if (reason.isPresent() && reason.get().length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a reason has at most " + MAX_REASON_LENGTH + " characters");
        }
    }

    /** A sign-up about to make its locked account: it needs attention until the account is ready. */
    public static RegistrationRequest unfinished(String id, Reservation reservation) {
        return new RegistrationRequest(id, reservation.userId(), reservation.token(), reservation.id(),
                reservation.reservedAt(), RequestStatus.NEEDS_ATTENTION, Optional.of(Attention.UNFINISHED),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The token use this request holds. */
    public Reservation reservation() {
        return new Reservation(reservationId, token, userId, requestedAt, true);
    }

    public RegistrationRequest pending() {
        return new RegistrationRequest(id, userId, token, reservationId, requestedAt, RequestStatus.PENDING,
                Optional.empty(), decidedAt, reason, noticeId);
    }

    public RegistrationRequest decided(RequestStatus decision, Instant at, Optional<String> why) {
        return new RegistrationRequest(id, userId, token, reservationId, requestedAt, decision, Optional.empty(),
                Optional.of(at), why, noticeId);
    }

    public RegistrationRequest needing(Attention what, Instant at, Optional<String> why) {
        return new RegistrationRequest(id, userId, token, reservationId, requestedAt, RequestStatus.NEEDS_ATTENTION,
                Optional.of(what), what == Attention.UNFINISHED ? decidedAt : Optional.of(at), why, noticeId);
    }

    public RegistrationRequest noticed(String eventId) {
        return new RegistrationRequest(id, userId, token, reservationId, requestedAt, status, attention, decidedAt,
                reason, Optional.of(eventId));
    }
}
