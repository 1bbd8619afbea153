package org.matrixregistration.dist;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RequestStatus;

/** The registration requests in a database that may still be opening; see {@link OpeningInviteTokens}. */
final class OpeningRegistrationRequests implements RegistrationRequests {
    private final CompletableFuture<? extends RegistrationRequests> store;

    OpeningRegistrationRequests(CompletableFuture<? extends RegistrationRequests> store) {
        this.store = store;
    }

    private RegistrationRequests store() {
        return OpeningInviteTokens.await(store);
    }

    @Override
    public boolean add(RegistrationRequest request) {
        return store().add(request);
    }

    @Override
    public Optional<RegistrationRequest> find(String id) {
        return store().find(id);
    }

    @Override
    public Optional<RegistrationRequest> findByReservation(String reservationId) {
        return store().findByReservation(reservationId);
    }

    @Override
    public List<RegistrationRequest> list(Optional<RequestStatus> status, int limit) {
        return store().list(status, limit);
    }

    @Override
    public boolean replace(RegistrationRequest expected, RegistrationRequest updated) {
        return store().replace(expected, updated);
    }

    @Override
    public void remove(String id) {
        store().remove(id);
    }

    @Override
    public List<RegistrationRequest> pendingBefore(Instant before, int limit) {
        return store().pendingBefore(before, limit);
    }
}
