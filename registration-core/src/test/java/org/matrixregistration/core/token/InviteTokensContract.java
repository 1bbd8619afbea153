package org.matrixregistration.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.testing.MutableClock;

/**
 * The behaviour every {@link InviteTokens} must show. Each implementation's test extends this class
 * and says how to make a fresh, empty store; the in-memory store, SQLite and PostgreSQL all pass
 * the same tests.
 */
public abstract class InviteTokensContract {
    /** The age at which a settler takes an in-flight reservation for stale, in these tests. */
    protected static final Duration LIFETIME = Duration.ofMinutes(10);
    protected final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");

    /** A new, empty store that reads time from {@code clock}. */
    protected abstract InviteTokens newStore();

    protected static final UserId ALICE = new UserId("alice", "example.org");
    private final AtomicInteger users = new AtomicInteger();

    /** A user ID not used before in this test. */
    protected UserId nextUser() {
        return new UserId("user" + users.incrementAndGet(), "example.org");
    }

    protected InviteToken token(String name, int maxUses) {
        return InviteToken.fresh(new TokenName(name),
                maxUses == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(maxUses), Optional.empty(), "", clock.instant());
    }

    @Test
    void findsWhatWasAdded() {
        InviteTokens store = newStore();
        InviteToken token = InviteToken.fresh(new TokenName("DoubleWizardSki"), UsageLimit.of(3),
                Optional.of(Instant.parse("2026-12-31T00:00:00Z")), "for my sister", clock.instant());

        assertThat(store.add(token)).isTrue();

        assertThat(store.find(token.name())).contains(token);
    }

    @Test
    void refusesASecondTokenWithTheSameName() {
        InviteTokens store = newStore();
        store.add(token("SameName", 1));

        assertThat(store.add(token("SameName", 5))).isFalse();
        assertThat(store.find(new TokenName("SameName")).orElseThrow().limit()).isEqualTo(UsageLimit.of(1));
    }

    @Test
    void namesAreCaseSensitive() {
        InviteTokens store = newStore();
        store.add(token("CaseMatters", 1));

        assertThat(store.find(new TokenName("casematters"))).isEmpty();
        assertThat(store.add(token("casematters", 1))).isTrue();
    }

    @Test
    void findsNothingForAnUnknownName() {
        assertThat(newStore().find(new TokenName("Nobody"))).isEmpty();
    }

    @Test
    void reservesUntilTheLimitIsReached() {
        InviteTokens store = newStore();
        store.add(token("TwoUses", 2));

        ReserveOutcome first = store.reserve(new TokenName("TwoUses"), nextUser(), clock.instant());
        ReserveOutcome second = store.reserve(new TokenName("TwoUses"), nextUser(), clock.instant());
        ReserveOutcome third = store.reserve(new TokenName("TwoUses"), nextUser(), clock.instant());

        assertThat(first).isInstanceOf(Reservation.class);
        assertThat(second).isInstanceOf(Reservation.class);
        assertThat(third).isEqualTo(new Admission.Refused(TokenRefusal.USED_UP));
        assertThat(store.find(new TokenName("TwoUses")).orElseThrow().pendingUses()).isEqualTo(2);
    }

    @Test
    void refusesUnknownDisabledAndExpiredTokens() {
        InviteTokens store = newStore();
        store.add(token("Disabled", 0));
        store.change(new TokenName("Disabled"), TokenChanges.NONE.withDisabled(true));
        store.add(token("Expiring", 0));
        store.change(new TokenName("Expiring"), TokenChanges.NONE.withExpiry(Optional.of(clock.instant())));

        assertThat(store.reserve(new TokenName("Unknown"), nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.UNKNOWN));
        assertThat(store.reserve(new TokenName("Disabled"), nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.DISABLED));
        assertThat(store.reserve(new TokenName("Expiring"), nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.EXPIRED));
    }

    @Test
    void completingTurnsAReservationIntoARecordedUse() {
        InviteTokens store = newStore();
        store.add(token("OneUse", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("OneUse"), ALICE, clock.instant());
        Instant at = clock.instant().plusSeconds(1);

        assertThat(store.complete(reservation, at, Optional.of("203.0.113.7"))).isTrue();

        InviteToken after = store.find(new TokenName("OneUse")).orElseThrow();
        assertThat(after.completedUses()).isEqualTo(1);
        assertThat(after.pendingUses()).isZero();
        assertThat(store.uses(new TokenName("OneUse"))).containsExactly(new TokenUse(new TokenName("OneUse"),
                Optional.of("@alice:example.org"), Optional.of(at), Optional.of("203.0.113.7")));
        assertThat(store.reserve(new TokenName("OneUse"), nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.USED_UP));
    }

    @Test
    void recordsNoAddressWhenNoneIsGiven() {
        InviteTokens store = newStore();
        store.add(token("NoAddress", 0));
        Reservation reservation = (Reservation) store.reserve(new TokenName("NoAddress"), nextUser(), clock.instant());

        store.complete(reservation, clock.instant(), Optional.empty());

        assertThat(store.uses(new TokenName("NoAddress"))).singleElement()
                .satisfies(use -> assertThat(use.clientAddress()).isEmpty());
    }

    @Test
    void releasingFreesTheUse() {
        InviteTokens store = newStore();
        store.add(token("Released", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("Released"), nextUser(), clock.instant());

        store.release(reservation);

        assertThat(store.find(new TokenName("Released")).orElseThrow().countedUses()).isZero();
        assertThat(store.reserve(new TokenName("Released"), nextUser(), clock.instant())).isInstanceOf(Reservation.class);
        assertThat(store.uses(new TokenName("Released"))).isEmpty();
    }

    @Test
    void releasingTwiceIsHarmless() {
        InviteTokens store = newStore();
        store.add(token("Twice", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("Twice"), nextUser(), clock.instant());

        store.release(reservation);
        store.release(reservation);

        assertThat(store.find(new TokenName("Twice")).orElseThrow().countedUses()).isZero();
    }

    /** An old reservation may belong to an account that exists: it counts until it is settled. */
    @Test
    void aReservationKeepsCountingWhateverItsAge() {
        InviteTokens store = newStore();
        store.add(token("Abandoned", 1));
        store.reserve(new TokenName("Abandoned"), nextUser(), clock.instant());

        clock.advance(LIFETIME.multipliedBy(100));

        assertThat(store.find(new TokenName("Abandoned")).orElseThrow().pendingUses()).isEqualTo(1);
        assertThat(store.reserve(new TokenName("Abandoned"), nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.USED_UP));
    }

    @Test
    void completingIsIdempotentSoTheSignUpAndASettlerCountTheAccountOnce() {
        InviteTokens store = newStore();
        store.add(token("Once", 2));
        Reservation reservation = (Reservation) store.reserve(new TokenName("Once"), ALICE, clock.instant());

        assertThat(store.complete(reservation, clock.instant(), Optional.empty())).isTrue();
        assertThat(store.complete(reservation, clock.instant(), Optional.empty())).isFalse();

        InviteToken after = store.find(new TokenName("Once")).orElseThrow();
        assertThat(after.completedUses()).isEqualTo(1);
        assertThat(after.pendingUses()).isZero();
        assertThat(store.uses(new TokenName("Once"))).hasSize(1);
    }

    /** A settler released it, then the late account turned up: it exists, so it is counted. */
    @Test
    void completingAfterAReleaseStillCountsTheAccount() {
        InviteTokens store = newStore();
        store.add(token("Late", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("Late"), ALICE, clock.instant());
        store.release(reservation);

        assertThat(store.complete(reservation, clock.instant(), Optional.empty())).isTrue();

        assertThat(store.find(new TokenName("Late")).orElseThrow().completedUses()).isEqualTo(1);
        assertThat(store.uses(new TokenName("Late"))).extracting(use -> use.userId().orElseThrow())
                .containsExactly(ALICE.toString());
    }

    @Test
    void anUncertainReservationCountsIsReportedAndIsDueForSettlingAtOnce() {
        InviteTokens store = newStore();
        store.add(token("Lost", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("Lost"), ALICE, clock.instant());

        store.markUncertain(reservation, "no answer within 10 s");

        InviteToken token = store.find(new TokenName("Lost")).orElseThrow();
        assertThat(token.uses()).isEqualTo(new UseCounts(0, 1, 1));
        assertThat(store.countUnconfirmed()).isEqualTo(1);
        assertThat(store.reserve(new TokenName("Lost"), nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.USED_UP));
        assertThat(store.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10)).singleElement()
                .satisfies(use -> {
                    assertThat(use.reservation()).isEqualTo(reservation);
                    assertThat(use.state()).isEqualTo(ReservationState.UNCERTAIN);
                    assertThat(use.attempts()).isZero();
                    assertThat(use.detail()).contains("no answer within 10 s");
                });
    }

    @Test
    void anInFlightReservationIsDueForSettlingOnlyOnceItIsStale() {
        InviteTokens store = newStore();
        store.add(token("Running", 0));
        Reservation old = (Reservation) store.reserve(new TokenName("Running"), ALICE, clock.instant());
        clock.advance(Duration.ofMinutes(5));
        store.reserve(new TokenName("Running"), nextUser(), clock.instant());

        assertThat(store.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10)).isEmpty();
        clock.advance(Duration.ofMinutes(6));
        assertThat(store.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10))
                .extracting(UnsettledUse::reservation).containsExactly(old);
    }

    @Test
    void aPostponedReservationKeepsCountingAndComesBackWhenDue() {
        InviteTokens store = newStore();
        store.add(token("Unknown", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("Unknown"), ALICE, clock.instant());
        store.markUncertain(reservation, "timed out");

        store.postpone(reservation, 1, clock.instant().plusSeconds(30), "the homeserver could not tell");

        assertThat(store.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10)).isEmpty();
        assertThat(store.find(new TokenName("Unknown")).orElseThrow().uses()).isEqualTo(new UseCounts(0, 1, 1));
        clock.advance(Duration.ofSeconds(30));
        assertThat(store.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10)).singleElement()
                .satisfies(use -> {
                    assertThat(use.attempts()).isEqualTo(1);
                    assertThat(use.detail()).contains("the homeserver could not tell");
                });
    }

    @Test
    void settledReservationsAreNotDueAnyMoreAndTheBatchIsBoundedOldestFirst() {
        InviteTokens store = newStore();
        store.add(token("Many", 0));
        List<Reservation> reservations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reservation reservation = (Reservation) store.reserve(new TokenName("Many"), nextUser(), clock.instant());
            store.markUncertain(reservation, "lost");
            reservations.add(reservation);
            clock.advance(Duration.ofSeconds(1));
        }
        store.complete(reservations.get(0), clock.instant(), Optional.empty());
        store.release(reservations.get(1));

        assertThat(store.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 2))
                .extracting(UnsettledUse::reservation).containsExactly(reservations.get(2), reservations.get(3));
        assertThat(store.find(new TokenName("Many")).orElseThrow().uses()).isEqualTo(new UseCounts(1, 3, 3));
        assertThat(store.countUnconfirmed()).isEqualTo(3);
    }

    @Test
    void aTokenThatRequiresApprovalMarksItsReservationsAndOneAwaitingADecisionIsNoSettlersBusiness() {
        InviteTokens store = newStore();
        store.add(new InviteToken(new TokenName("AskFirst"), UsageLimit.of(2), Optional.empty(), false, "", clock.instant(),
                UseCounts.NONE, true));

        Reservation reservation = (Reservation) store.reserve(new TokenName("AskFirst"), ALICE, clock.instant());
        store.awaitDecision(reservation);
        clock.advance(LIFETIME.multipliedBy(3));

        assertThat(store.find(new TokenName("AskFirst")).orElseThrow().requiresApproval()).isTrue();
        assertThat(reservation.needsApproval()).isTrue();
        assertThat(store.unsettled(clock.instant().minus(LIFETIME), clock.instant(), 10)).isEmpty();
        assertThat(store.find(new TokenName("AskFirst")).orElseThrow().uses()).isEqualTo(new UseCounts(0, 1, 0));
        assertThat(store.countUnconfirmed()).isZero();
        assertThat(store.complete(reservation, clock.instant(), Optional.empty())).isTrue();
        assertThat(store.change(new TokenName("AskFirst"), TokenChanges.NONE.withRequiresApproval(false)).orElseThrow()
                .requiresApproval()).isFalse();
        Reservation plain = (Reservation) store.reserve(new TokenName("AskFirst"), nextUser(), clock.instant());
        assertThat(plain.needsApproval()).isFalse();
    }

    @Test
    void changesSettingsButNeverUseCounts() {
        InviteTokens store = newStore();
        store.add(token("Changing", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("Changing"), nextUser(), clock.instant());
        store.complete(reservation, clock.instant(), Optional.empty());
        Instant expiry = Instant.parse("2027-01-01T00:00:00Z");

        Optional<InviteToken> changed = store.change(new TokenName("Changing"), TokenChanges.NONE
                .withLimit(UsageLimit.of(5)).withExpiry(Optional.of(expiry)).withNote("family").withDisabled(true));

        assertThat(changed).isPresent();
        assertThat(changed.get().limit()).isEqualTo(UsageLimit.of(5));
        assertThat(changed.get().expiresAt()).contains(expiry);
        assertThat(changed.get().note()).isEqualTo("family");
        assertThat(changed.get().disabled()).isTrue();
        assertThat(changed.get().completedUses()).isEqualTo(1);
        assertThat(store.find(new TokenName("Changing"))).isEqualTo(changed);
    }

    @Test
    void removesAnExpiry() {
        InviteTokens store = newStore();
        store.add(token("Forever", 1));
        store.change(new TokenName("Forever"), TokenChanges.NONE.withExpiry(Optional.of(clock.instant())));

        store.change(new TokenName("Forever"), TokenChanges.NONE.withExpiry(Optional.empty()));

        assertThat(store.find(new TokenName("Forever")).orElseThrow().expiresAt()).isEmpty();
    }

    @Test
    void changingAnUnknownTokenChangesNothing() {
        InviteTokens store = newStore();

        assertThat(store.change(new TokenName("Ghost"), TokenChanges.NONE.withDisabled(true))).isEmpty();
        assertThat(store.find(new TokenName("Ghost"))).isEmpty();
    }

    @Test
    void deletingRemovesTheTokenItsUsesAndReservations() {
        InviteTokens store = newStore();
        store.add(token("Doomed", 0));
        Reservation used = (Reservation) store.reserve(new TokenName("Doomed"), nextUser(), clock.instant());
        store.complete(used, clock.instant(), Optional.empty());
        Reservation inFlight = (Reservation) store.reserve(new TokenName("Doomed"), nextUser(), clock.instant());

        assertThat(store.delete(new TokenName("Doomed"))).isTrue();

        assertThat(store.find(new TokenName("Doomed"))).isEmpty();
        assertThat(store.uses(new TokenName("Doomed"))).isEmpty();
        assertThat(store.complete(inFlight, clock.instant(), Optional.empty())).isFalse();
        assertThat(store.delete(new TokenName("Doomed"))).isFalse();
        assertThat(store.add(token("Doomed", 1))).isTrue();
        assertThat(store.find(new TokenName("Doomed")).orElseThrow().completedUses()).isZero();
    }

    @Test
    void listsPagesInCreationOrderAtAnOffset() {
        InviteTokens store = newStore();
        for (int i = 0; i < 7; i++) {
            store.add(token("Token" + i, 0));
            clock.advance(Duration.ofSeconds(1));
        }

        Page<InviteToken> page = store.list(TokenQuery.all().at(2, 3).withTotal(), clock.instant());

        assertThat(page.items()).extracting(t -> t.name().value()).containsExactly("Token2", "Token3", "Token4");
        assertThat(page.total()).hasValue(7);
        assertThat(page.hasMore()).isTrue();
        assertThat(store.list(TokenQuery.all().at(6, 3), clock.instant()).items()).hasSize(1);
        assertThat(store.list(TokenQuery.all().at(6, 3), clock.instant()).hasMore()).isFalse();
        assertThat(store.list(TokenQuery.all().at(9, 3), clock.instant()).items()).isEmpty();
        assertThat(store.list(TokenQuery.all().at(0, 3), clock.instant()).total()).as("counted only when asked").isEmpty();
    }

    @Test
    void pagesNewestFirstByCursorWithoutSkippingOrRepeating() {
        InviteTokens store = newStore();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            store.add(token("Token" + i, 0));
            created.add("Token" + i);
            if (i % 3 != 0) {
                clock.advance(Duration.ofSeconds(1));
            }
        }
        List<String> listed = new ArrayList<>();
        TokenQuery query = TokenQuery.all().newestFirst().at(0, 3);
        Page<InviteToken> page = store.list(query, clock.instant());
        listed.addAll(page.items().stream().map(t -> t.name().value()).toList());
        while (page.next().isPresent()) {
            TokenCursor cursor = TokenCursor.parse(page.next().get().toString());
            page = store.list(query.after(cursor), clock.instant());
            listed.addAll(page.items().stream().map(t -> t.name().value()).toList());
        }

        java.util.Collections.reverse(created);
        assertThat(listed).containsExactlyElementsOf(created);
    }

    @Test
    void filtersByStatusAsAdminsSeeIt() {
        InviteTokens store = newStore();
        store.add(token("Fresh", 1));
        store.add(token("Unlimited", 0));
        store.add(token("Disabled", 0));
        store.change(new TokenName("Disabled"), TokenChanges.NONE.withDisabled(true));
        store.add(token("Expired", 0));
        store.change(new TokenName("Expired"), TokenChanges.NONE.withExpiry(Optional.of(clock.instant().minusSeconds(1))));
        store.add(token("DisabledAndExpired", 0));
        store.change(new TokenName("DisabledAndExpired"), TokenChanges.NONE.withDisabled(true)
                .withExpiry(Optional.of(clock.instant().minusSeconds(1))));
        store.add(token("UsedUp", 1));
        Reservation reservation = (Reservation) store.reserve(new TokenName("UsedUp"), nextUser(), clock.instant());
        store.complete(reservation, clock.instant(), Optional.empty());
        store.add(token("InFlight", 1));
        store.reserve(new TokenName("InFlight"), nextUser(), clock.instant());

        assertThat(names(store, TokenQuery.Status.ACTIVE)).containsExactlyInAnyOrder("Fresh", "Unlimited");
        assertThat(names(store, TokenQuery.Status.INACTIVE))
                .containsExactlyInAnyOrder("Disabled", "Expired", "DisabledAndExpired", "UsedUp", "InFlight");
        assertThat(names(store, TokenQuery.Status.DISABLED)).containsExactlyInAnyOrder("Disabled", "DisabledAndExpired");
        assertThat(names(store, TokenQuery.Status.EXPIRED)).containsExactlyInAnyOrder("Expired");
        assertThat(names(store, TokenQuery.Status.USED_UP)).containsExactlyInAnyOrder("UsedUp", "InFlight");
        assertThat(store.list(TokenQuery.all().withStatus(TokenQuery.Status.ACTIVE).withTotal(), clock.instant())
                .total()).hasValue(2);
    }

    @Test
    void searchesNamesAndNotesIgnoringCase() {
        InviteTokens store = newStore();
        store.add(InviteToken.fresh(new TokenName("DoubleWizardSki"), UsageLimit.of(1), Optional.empty(), "", clock.instant()));
        store.add(InviteToken.fresh(new TokenName("PlainName"), UsageLimit.of(1), Optional.empty(), "for my Sister", clock.instant()));
        store.add(InviteToken.fresh(new TokenName("Other"), UsageLimit.of(1), Optional.empty(), "100% off_", clock.instant()));

        assertThat(search(store, "wizard")).containsExactly("DoubleWizardSki");
        assertThat(search(store, "SISTER")).containsExactly("PlainName");
        assertThat(search(store, "%")).as("no wildcards").containsExactly("Other");
        assertThat(search(store, "_")).as("no wildcards").containsExactly("Other");
        assertThat(search(store, "nothing like it")).isEmpty();
    }

    private List<String> names(InviteTokens store, TokenQuery.Status status) {
        return store.list(TokenQuery.all().withStatus(status), clock.instant()).items().stream()
                .map(t -> t.name().value()).toList();
    }

    private List<String> search(InviteTokens store, String text) {
        return store.list(TokenQuery.all().matching(text), clock.instant()).items().stream()
                .map(t -> t.name().value()).toList();
    }

    @Test
    void listsTheUsesOfSeveralTokensAtOnce() {
        InviteTokens store = newStore();
        store.add(token("First", 0));
        store.add(token("Second", 0));
        store.add(token("Unused", 0));
        for (String name : List.of("First", "Second", "First")) {
            Reservation reservation = (Reservation) store.reserve(new TokenName(name), nextUser(), clock.instant());
            store.complete(reservation, clock.instant(), Optional.empty());
        }

        var uses = store.uses(List.of(new TokenName("First"), new TokenName("Second"), new TokenName("Unused"),
                new TokenName("Unknown")));

        assertThat(uses.get(new TokenName("First"))).hasSize(2);
        assertThat(uses.get(new TokenName("Second"))).hasSize(1);
        assertThat(uses.getOrDefault(new TokenName("Unused"), List.of())).isEmpty();
        assertThat(uses).doesNotContainKey(new TokenName("Unknown"));
    }

    @Test
    void listsUsesOldestFirst() {
        InviteTokens store = newStore();
        store.add(token("Popular", 0));
        for (String user : List.of("@a:example.org", "@b:example.org", "@c:example.org")) {
            Reservation reservation = (Reservation) store.reserve(new TokenName("Popular"), UserId.parse(user), clock.instant());
            store.complete(reservation, clock.instant(), Optional.empty());
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(store.uses(new TokenName("Popular"))).extracting(use -> use.userId().orElseThrow())
                .containsExactly("@a:example.org", "@b:example.org", "@c:example.org");
    }

    @Test
    void concurrentReservationsNeverExceedASingleUse() throws Exception {
        assertConcurrentReservationsAdmitExactly(1, 32);
    }

    @Test
    void concurrentReservationsNeverExceedFiveUses() throws Exception {
        assertConcurrentReservationsAdmitExactly(5, 32);
    }

    private void assertConcurrentReservationsAdmitExactly(int limit, int attempts) throws Exception {
        InviteTokens store = newStore();
        store.add(token("Contended", limit));
        List<Callable<ReserveOutcome>> tasks = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < attempts; i++) {
            tasks.add(() -> {
                start.await();
                return store.reserve(new TokenName("Contended"), nextUser(), clock.instant());
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<ReserveOutcome>> futures = new ArrayList<>();
            for (Callable<ReserveOutcome> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            int reserved = 0;
            for (Future<ReserveOutcome> future : futures) {
                if (future.get(60, TimeUnit.SECONDS) instanceof Reservation reservation) {
                    reserved++;
                    assertThat(store.complete(reservation, clock.instant(), Optional.empty())).isTrue();
                }
            }
            assertThat(reserved).isEqualTo(limit);
            assertThat(store.find(new TokenName("Contended")).orElseThrow().completedUses()).isEqualTo(limit);
        } finally {
            pool.shutdownNow();
        }
    }
}
