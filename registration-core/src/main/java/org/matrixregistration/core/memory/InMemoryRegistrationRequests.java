package org.matrixregistration.core.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.approval.RegistrationRequest;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RequestStatus;

/** {@link RegistrationRequests} in one JVM's memory; one lock makes {@link #replace} atomic. */
public final class InMemoryRegistrationRequests implements RegistrationRequests {
    private final Map<String, RegistrationRequest> requests = new LinkedHashMap<>();
    private final Object lock = new Object();

    @Override
    public boolean add(RegistrationRequest request) {
        synchronized (lock) {
            return requests.putIfAbsent(request.id(), request) == null;
        }
    }

    @Override
    public Optional<RegistrationRequest> find(String id) {
        synchronized (lock) {
            return Optional.ofNullable(requests.get(id));
        }
    }

    @Override
    public Optional<RegistrationRequest> findByReservation(String reservationId) {
        synchronized (lock) {
            return requests.values().stream().filter(r -> r.reservationId().equals(reservationId)).findFirst();
        }
    }

    @Override
    public List<RegistrationRequest> list(Optional<RequestStatus> status, int limit) {
        synchronized (lock) {
            return requests.values().stream()
                    .filter(r -> status.map(wanted -> r.status() == wanted).orElse(true))
                    .sorted(Comparator.comparing(RegistrationRequest::requestedAt).reversed()
                            .thenComparing(RegistrationRequest::id))
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public boolean replace(RegistrationRequest expected, RegistrationRequest updated) {
        synchronized (lock) {
            RegistrationRequest current = requests.get(expected.id());
            if (current == null || current.status() != expected.status()
                    || !current.attention().equals(expected.attention()) || !updated.id().equals(expected.id())) {
                return false;
            }
            requests.put(updated.id(), updated);
            return true;
        }
    }

    @Override
    public void remove(String id) {
        synchronized (lock) {
            requests.remove(id);
        }
    }

    @Override
    public List<RegistrationRequest> pendingBefore(Instant before, int limit) {
        synchronized (lock) {
            return requests.values().stream()
                    .filter(r -> r.status() == RequestStatus.PENDING && r.requestedAt().isBefore(before))
                    .sorted(Comparator.comparing(RegistrationRequest::requestedAt))
                    .limit(limit)
                    .toList();
        }
    }
}
