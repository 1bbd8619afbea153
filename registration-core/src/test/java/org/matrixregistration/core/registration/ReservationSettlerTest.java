package org.matrixregistration.core.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

class ReservationSettlerTest {
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final TokenName TOKEN = new TokenName("SingleUse");
    private static final UserId ALICE = new UserId("alice", "example.org");

    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    /** What the homeserver says about each account; UNKNOWN for anything not set. */
    private final Map<UserId, Existence> accounts = new HashMap<>();
    private final ReservationSettler settler = new ReservationSettler(tokens, new HomeserverAccounts() {
        @Override
        public AccountCreation create(NewAccount account) {
            throw new AssertionError("a settler never creates accounts");
        }

        @Override
        public Availability availability(UserId userId) {
            throw new AssertionError("a settler asks whether the account exists");
        }

        @Override
        public Existence exists(UserId userId) {
            return accounts.getOrDefault(userId, Existence.UNKNOWN);
        }
    }, LIFETIME, clock);

    private Reservation lostAnswer() {
        tokens.add(InviteToken.fresh(TOKEN, UsageLimit.of(1), Optional.empty(), "", clock.instant()));
        Reservation reservation = (Reservation) tokens.reserve(TOKEN, ALICE, clock.instant());
        tokens.markUncertain(reservation, "no answer within 10 s");
        return reservation;
    }

    private UseCounts uses() {
        return tokens.find(TOKEN).orElseThrow().uses();
    }

    @Test
    void recordsTheUseOfAnAccountThatExists() {
        Reservation reservation = lostAnswer();
        accounts.put(ALICE, Existence.EXISTS);

        assertThat(settler.settleDue()).isEqualTo(new ReservationSettler.Settlement(1, 0, 0));

        assertThat(uses()).isEqualTo(UseCounts.completed(1));
        assertThat(tokens.uses(TOKEN)).singleElement().satisfies(use -> {
            assertThat(use.userId()).contains("@alice:example.org");
            assertThat(use.usedAt()).contains(reservation.reservedAt());
        });
        assertThat(settler.settleDue().total()).as("nothing left to do").isZero();
    }

    /** The lost request may still be queued in a paused or overloaded homeserver. */
    @Test
    void freesTheUseOfAnAbsentAccountOnlyOnceALateRequestCannotLandAnyMore() {
        lostAnswer();
        accounts.put(ALICE, Existence.ABSENT);

        assertThat(settler.settleDue()).isEqualTo(new ReservationSettler.Settlement(0, 0, 1));
        assertThat(uses()).isEqualTo(new UseCounts(0, 1, 1));
        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(settler.settleDue().total()).as("not due before its lifetime is over").isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(settler.settleDue()).isEqualTo(new ReservationSettler.Settlement(0, 1, 0));
        assertThat(uses()).isEqualTo(UseCounts.NONE);
    }

    @Test
    void countsTheAccountThatLandedWhileTheSettlerWaited() {
        lostAnswer();
        accounts.put(ALICE, Existence.ABSENT);
        settler.settleDue();

        accounts.put(ALICE, Existence.EXISTS);
        clock.advance(LIFETIME);

        assertThat(settler.settleDue()).isEqualTo(new ReservationSettler.Settlement(1, 0, 0));
        assertThat(uses()).isEqualTo(UseCounts.completed(1));
    }

    @Test
    void settlesTheInFlightReservationOfADeadProcessOnceItIsStale() {
        tokens.add(InviteToken.fresh(TOKEN, UsageLimit.of(1), Optional.empty(), "", clock.instant()));
        tokens.reserve(TOKEN, ALICE, clock.instant());
        accounts.put(ALICE, Existence.ABSENT);

        assertThat(settler.settleDue().total()).as("its sign-up may still be running").isZero();
        clock.advance(LIFETIME.plusSeconds(1));

        assertThat(settler.settleDue()).isEqualTo(new ReservationSettler.Settlement(0, 1, 0));
        assertThat(uses()).isEqualTo(UseCounts.NONE);
    }

    @Test
    void keepsCountingWhileTheHomeserverCannotTellAndBacksOff() {
        lostAnswer();

        assertThat(settler.settleDue()).isEqualTo(new ReservationSettler.Settlement(0, 0, 1));
        assertThat(uses()).isEqualTo(new UseCounts(0, 1, 1));
        clock.advance(Duration.ofSeconds(29));
        assertThat(settler.settleDue().total()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(settler.settleDue().postponed()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(settler.settleDue().total()).as("the second wait is twice as long").isZero();

        accounts.put(ALICE, Existence.EXISTS);
        clock.advance(Duration.ofSeconds(1));
        assertThat(settler.settleDue().completed()).isEqualTo(1);
        assertThat(uses()).isEqualTo(UseCounts.completed(1));
    }

    @Test
    void countsTheAccountOnceWhenTheSignUpAndTheSettlerBothRecordIt() {
        Reservation reservation = lostAnswer();
        accounts.put(ALICE, Existence.EXISTS);

        settler.settleDue();
        tokens.complete(reservation, clock.instant(), Optional.empty());

        assertThat(uses()).isEqualTo(UseCounts.completed(1));
        assertThat(tokens.uses(TOKEN)).hasSize(1);
    }

    @Test
    void backsOffFromThirtySecondsToAnHour() {
        assertThat(ReservationSettler.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ReservationSettler.backoff(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ReservationSettler.backoff(5)).isEqualTo(Duration.ofMinutes(8));
        assertThat(ReservationSettler.backoff(8)).isEqualTo(Duration.ofHours(1));
        assertThat(ReservationSettler.backoff(1000)).isEqualTo(Duration.ofHours(1));
    }
}
