package org.matrixregistration.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;

/** The behaviour every {@link RegistrationRequests} must show; each store's test extends this class. */
public abstract class RegistrationRequestsContract {
    protected static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

    /** A new, empty store; the tokens {@code Approval1}..{@code Approval3} exist in it where that matters. */
    protected abstract RegistrationRequests newStore();

    protected RegistrationRequest request(String id, String user, Instant at) {
        Reservation reservation = new Reservation("reservation-" + id, new TokenName("Approval1"),
                new UserId(user, "example.org"), at, true);
        return RegistrationRequest.unfinished(id, reservation);
    }

    @Test
    void findsWhatWasAddedByIdAndByReservation() {
        RegistrationRequests store = newStore();
        RegistrationRequest request = request("r1", "alice", NOON);

        assertThat(store.add(request)).isTrue();
        assertThat(store.add(request)).isFalse();

        assertThat(store.find("r1")).contains(request);
        assertThat(store.findByReservation("reservation-r1")).contains(request);
        assertThat(store.find("nobody")).isEmpty();
    }

    @Test
    void replacesOnlyWhatIsStillAsExpected() {
        RegistrationRequests store = newStore();
        RegistrationRequest unfinished = request("r1", "alice", NOON);
        store.add(unfinished);
        RegistrationRequest pending = unfinished.pending().noticed("$event");

        assertThat(store.replace(unfinished, pending)).isTrue();
        assertThat(store.replace(unfinished, unfinished.pending())).as("no longer unfinished").isFalse();
        RegistrationRequest denied = pending.decided(RequestStatus.DENIED, NOON.plusSeconds(60), Optional.of("spam"));
        assertThat(store.replace(pending, denied)).isTrue();

        assertThat(store.find("r1")).contains(denied);
        assertThat(denied.noticeId()).contains("$event");
    }

    /**
     * The same stored requests seen as another portal instance sees them (another connection
     * pool on the same database); an in-memory store is its own other instance.
     */
    protected RegistrationRequests otherInstanceOf(RegistrationRequests store) {
        return store;
    }

    @Test
    void exactlyOneOfTwoConcurrentDecisionsWins() throws Exception {
        RegistrationRequests store = newStore();
        RegistrationRequests other = otherInstanceOf(store);
        RegistrationRequest pending = request("r1", "alice", NOON).pending();
        store.add(request("r1", "alice", NOON));
        store.replace(request("r1", "alice", NOON), pending);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RegistrationRequest decision = i % 2 == 0
                        ? pending.decided(RequestStatus.APPROVED, NOON.plusSeconds(i), Optional.empty())
                        : pending.decided(RequestStatus.DENIED, NOON.plusSeconds(i), Optional.of("no"));
                RegistrationRequests instance = i % 4 < 2 ? store : other;
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return instance.replace(pending, decision);
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> outcome : outcomes) {
                if (outcome.get(1, TimeUnit.MINUTES)) {
                    won++;
                }
            }
            assertThat(won).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void listsByStatusNewestFirstAndFindsPendingOnesToExpire() {
        RegistrationRequests store = newStore();
        for (int i = 0; i < 4; i++) {
            RegistrationRequest unfinished = request("r" + i, "user" + i, NOON.plus(Duration.ofDays(i)));
            store.add(unfinished);
            if (i < 3) {
                store.replace(unfinished, unfinished.pending());
            }
        }
        RegistrationRequest approved = store.find("r2").orElseThrow()
                .decided(RequestStatus.APPROVED, NOON.plus(Duration.ofDays(5)), Optional.empty());
        store.replace(store.find("r2").orElseThrow(), approved);

        assertThat(store.list(Optional.empty(), 10)).extracting(RegistrationRequest::id).containsExactly("r3", "r2", "r1", "r0");
        assertThat(store.list(Optional.of(RequestStatus.PENDING), 10)).extracting(RegistrationRequest::id)
                .containsExactly("r1", "r0");
        assertThat(store.list(Optional.of(RequestStatus.NEEDS_ATTENTION), 10)).extracting(RegistrationRequest::id)
                .containsExactly("r3");
        assertThat(store.list(Optional.empty(), 2)).hasSize(2);
        assertThat(store.pendingBefore(NOON.plus(Duration.ofDays(1)).plusSeconds(1), 10)).extracting(RegistrationRequest::id)
                .containsExactly("r0", "r1");
        assertThat(store.pendingBefore(NOON, 10)).isEmpty();
    }

    @Test
    void removesARequestThatNeverBecameOne() {
        RegistrationRequests store = newStore();
        store.add(request("r1", "alice", NOON));

        store.remove("r1");
        store.remove("r1");

        assertThat(store.find("r1")).isEmpty();
    }
}
