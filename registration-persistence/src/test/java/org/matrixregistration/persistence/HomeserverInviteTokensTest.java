package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.memory.InMemoryHomeserverTokens;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.Admission;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.HomeserverTokens;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

/** What token_store: synapse does beyond the contract: the mapping onto the homeserver's tokens. */
class HomeserverInviteTokensTest {
    private static final TokenName NAME = new TokenName("FamilyInvite");

    @TempDir
    Path directory;

    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final InMemoryHomeserverTokens homeserver = new InMemoryHomeserverTokens();
    /** Runs once, right after the store's next read of the homeserver's token. */
    private final AtomicReference<Runnable> afterNextRead = new AtomicReference<>();
    private TokenDatabase database;
    private JdbcHomeserverInviteTokens store;
    private int users;

    @BeforeEach
    void open() {
        database = TokenDatabase.open(DatabaseSettings.defaults(DatabaseUrl.sqlite(directory.resolve("db.sqlite3"))));
        store = database.homeserverTokens(new ReadHook(homeserver, afterNextRead), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private UserId nextUser() {
        return new UserId("user" + ++users, "example.org");
    }

    private InviteToken token(int uses) {
        return InviteToken.fresh(NAME, UsageLimit.of(uses), Optional.empty(), "for the family", clock.instant());
    }

    private HomeserverToken held() {
        return homeserver.find(NAME).orElseThrow();
    }

    @Test
    void aTokenMadeElsewhereIsListedFromWhenItWasFirstSeen() {
        homeserver.create(NAME, OptionalInt.of(3), Optional.empty());
        homeserver.registered(NAME);
        Instant firstSeen = clock.instant();

        List<InviteToken> listed = store.list(TokenQuery.all(), clock.instant()).items();
        clock.advance(Duration.ofHours(1));

        assertThat(listed).singleElement().satisfies(token -> {
            assertThat(token.limit()).isEqualTo(UsageLimit.of(3));
            assertThat(token.uses()).isEqualTo(new UseCounts(1, 0, 0));
            assertThat(token.createdAt()).isEqualTo(firstSeen);
            assertThat(token.note()).isEmpty();
        });
        assertThat(store.find(NAME).orElseThrow().createdAt()).isEqualTo(firstSeen);
    }

    /** Synapse has no "disabled" and reads uses_allowed 0 as "no limit": a disabled token is expired there. */
    @Test
    void disablingExpiresTheTokenInTheHomeserverAndEnablingGivesItsSettingsBack() {
        Instant expiry = clock.instant().plus(Duration.ofDays(30));
        store.add(token(3));
        store.change(NAME, TokenChanges.NONE.withExpiry(Optional.of(expiry)));

        InviteToken disabled = store.change(NAME, TokenChanges.NONE.withDisabled(true)).orElseThrow();

        assertThat(held().usesAllowed()).hasValue(3);
        assertThat(held().expiresAt()).hasValueSatisfying(at -> assertThat(at).isBefore(Instant.now().plusSeconds(1)));
        assertThat(disabled.disabled()).isTrue();
        assertThat(disabled.limit()).isEqualTo(UsageLimit.of(3));
        assertThat(disabled.expiresAt()).contains(expiry);
        assertThat(store.reserve(NAME, nextUser(), clock.instant())).isEqualTo(new Admission.Refused(TokenRefusal.DISABLED));
        InviteToken raised = store.change(NAME, TokenChanges.NONE.withLimit(UsageLimit.of(4))).orElseThrow();
        assertThat(raised.disabled()).isTrue();
        assertThat(raised.limit()).isEqualTo(UsageLimit.of(4));

        InviteToken enabled = store.change(NAME, TokenChanges.NONE.withDisabled(false)).orElseThrow();

        assertThat(held()).isEqualTo(new HomeserverToken(NAME, OptionalInt.of(4), 0, 0, Optional.of(expiry)));
        assertThat(enabled.disabled()).isFalse();
        assertThat(enabled.limit()).isEqualTo(UsageLimit.of(4));
        assertThat(enabled.expiresAt()).contains(expiry);
        assertThat(enabled.note()).isEqualTo("for the family");
    }

    /** Synapse refuses an expiry in the past; the token is switched off instead, and shows as expired. */
    @Test
    void anExpiryInThePastSwitchesTheTokenOffAndAFutureOneOnAgain() {
        store.add(token(2));
        Instant past = clock.instant().minusSeconds(60);

        InviteToken expired = store.change(NAME, TokenChanges.NONE.withExpiry(Optional.of(past))).orElseThrow();

        assertThat(held().usesAllowed()).hasValue(2);
        assertThat(held().expiresAt()).hasValueSatisfying(at -> assertThat(at).isBefore(Instant.now().plusSeconds(1)));
        assertThat(expired.expiresAt()).contains(past);
        assertThat(expired.disabled()).isFalse();
        assertThat(store.reserve(NAME, nextUser(), clock.instant())).isEqualTo(new Admission.Refused(TokenRefusal.EXPIRED));

        Instant later = clock.instant().plus(Duration.ofDays(7));
        InviteToken renewed = store.change(NAME, TokenChanges.NONE.withExpiry(Optional.of(later))).orElseThrow();

        assertThat(held()).isEqualTo(new HomeserverToken(NAME, OptionalInt.of(2), 0, 0, Optional.of(later)));
        assertThat(renewed.isActiveAt(clock.instant())).isTrue();
    }

    @Test
    void aTokenSwitchedOnAgainElsewhereIsOn() {
        store.add(token(3));
        store.change(NAME, TokenChanges.NONE.withDisabled(true));

        homeserver.update(NAME, OptionalInt.of(5), Optional.empty());

        InviteToken token = store.find(NAME).orElseThrow();
        assertThat(token.disabled()).isFalse();
        assertThat(token.limit()).isEqualTo(UsageLimit.of(5));
    }

    /** Synapse admits a token whose uses_allowed is 0 without limit, so the portal shows it unlimited. */
    @Test
    void aZeroLimitMadeElsewhereIsNoLimit() {
        homeserver.create(NAME, OptionalInt.of(0), Optional.empty());

        InviteToken token = store.find(NAME).orElseThrow();

        assertThat(token.limit()).isEqualTo(UsageLimit.UNLIMITED);
        assertThat(token.disabled()).isFalse();
    }

    @Test
    void aTokenWithItsUsesLeftBelowOneIsSwitchedOffNotSetToZero() {
        InviteToken usedUp = new InviteToken(NAME, UsageLimit.of(2), Optional.empty(), false, "", clock.instant(),
                UseCounts.completed(2));

        store.add(usedUp);

        assertThat(held().usesAllowed()).hasValue(1);
        assertThat(held().expiresAt()).isPresent();
        InviteToken token = store.find(NAME).orElseThrow();
        assertThat(token.limit()).isEqualTo(UsageLimit.of(2));
        assertThat(token.completedUses()).isEqualTo(2);
        assertThat(token.disabled()).isFalse();
        assertThat(token.expiresAt()).isEmpty();
        assertThat(store.reserve(NAME, nextUser(), clock.instant())).isEqualTo(new Admission.Refused(TokenRefusal.USED_UP));
        store.change(NAME, TokenChanges.NONE.withLimit(UsageLimit.of(3)));
        assertThat(held()).isEqualTo(new HomeserverToken(NAME, OptionalInt.of(1), 0, 0, Optional.empty()));
    }

    /** Once the homeserver counts a sign-up's use itself, its reservation stops counting beside it. */
    @Test
    void aUseTheHomeserverCountedIsNotCountedTwice() {
        store.add(token(2));
        Reservation first = (Reservation) store.reserve(NAME, nextUser(), clock.instant());

        homeserver.started(NAME);
        store.countedByHomeserver(first);

        assertThat(store.find(NAME).orElseThrow().uses()).isEqualTo(new UseCounts(0, 1, 0));
        assertThat(store.reserve(NAME, nextUser(), clock.instant())).isInstanceOf(Reservation.class);
        assertThat(store.reserve(NAME, nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.USED_UP));
    }

    /**
     * The homeserver is read before the token's lock is taken. A sign-up whose use the homeserver
     * counted in between (its reservation stops counting here) must not be missed: the reservation
     * sees the revision changed and reads the homeserver again under the lock.
     */
    @Test
    void aUseTheHomeserverCountedWhileAReservationReadItIsNotMissed() {
        store.add(token(1));
        Reservation first = (Reservation) store.reserve(NAME, nextUser(), clock.instant());
        afterNextRead.set(() -> {
            homeserver.started(NAME);
            store.countedByHomeserver(first);
        });

        assertThat(store.reserve(NAME, nextUser(), clock.instant()))
                .isEqualTo(new Admission.Refused(TokenRefusal.USED_UP));
    }

    @Test
    void usesMadeFromAnotherClientShowAsUsesWithoutAName() {
        store.add(token(3));
        Reservation portal = (Reservation) store.reserve(NAME, UserId.parse("@alice:example.org"), clock.instant());
        homeserver.registered(NAME);
        store.complete(portal, clock.instant(), Optional.empty());

        homeserver.registered(NAME);

        assertThat(store.find(NAME).orElseThrow().completedUses()).isEqualTo(2);
        assertThat(store.uses(NAME)).extracting(TokenUse::userId)
                .containsExactly(Optional.of("@alice:example.org"), Optional.empty());
        assertThat(store.uses(List.of(NAME)).get(NAME)).hasSize(2);
    }

    /** token migrate: the homeserver counts from 0, so it gets the uses that are left; the portal adds the rest. */
    @Test
    void aTokenWithUsesFromThePortalsOwnStoreCarriesThem() {
        InviteToken migrated = new InviteToken(NAME, UsageLimit.of(5), Optional.empty(), false, "old", clock.instant(),
                UseCounts.completed(2));
        TokenUse bob = new TokenUse(NAME, Optional.of("@bob:example.org"), Optional.of(clock.instant()), Optional.empty());

        assertThat(store.addWithUses(migrated, List.of(bob))).isTrue();

        assertThat(held().usesAllowed()).hasValue(3);
        assertThat(store.find(NAME).orElseThrow()).isEqualTo(migrated);
        homeserver.registered(NAME);
        InviteToken after = store.find(NAME).orElseThrow();
        assertThat(after.completedUses()).isEqualTo(3);
        assertThat(after.limit()).isEqualTo(UsageLimit.of(5));
        assertThat(store.uses(NAME)).extracting(TokenUse::userId)
                .containsExactly(Optional.of("@bob:example.org"), Optional.empty(), Optional.empty());
        store.change(NAME, TokenChanges.NONE.withLimit(UsageLimit.of(10)));
        assertThat(held().usesAllowed()).hasValue(8);
    }

    @Test
    void aTokenDeletedInTheHomeserverIsGone() {
        store.add(token(1));

        homeserver.delete(NAME);

        assertThat(store.find(NAME)).isEmpty();
        assertThat(store.list(TokenQuery.all(), clock.instant()).items()).isEmpty();
        assertThat(store.reserve(NAME, nextUser(), clock.instant())).isEqualTo(new Admission.Refused(TokenRefusal.UNKNOWN));
        assertThat(store.uses(NAME)).isEmpty();
    }

    @Test
    void aNameTakenInTheHomeserverIsTaken() {
        homeserver.create(NAME, OptionalInt.empty(), Optional.empty());

        assertThat(store.add(token(1))).isFalse();
        assertThat(held().usesAllowed()).isEmpty();
    }

    /** The in-memory homeserver, with a hook that runs right after a read of one token. */
    private record ReadHook(InMemoryHomeserverTokens tokens, AtomicReference<Runnable> afterNextRead)
            implements HomeserverTokens {
        @Override
        public List<HomeserverToken> list() {
            return tokens.list();
        }

        @Override
        public Optional<HomeserverToken> find(TokenName name) {
            Optional<HomeserverToken> found = tokens.find(name);
            Runnable hook = afterNextRead.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return found;
        }

        @Override
        public Optional<HomeserverToken> create(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt) {
            return tokens.create(name, usesAllowed, expiresAt);
        }

        @Override
        public Optional<HomeserverToken> update(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt) {
            return tokens.update(name, usesAllowed, expiresAt);
        }

        @Override
        public Optional<HomeserverToken> expireNow(TokenName name) {
            return tokens.expireNow(name);
        }

        @Override
        public boolean delete(TokenName name) {
            return tokens.delete(name);
        }
    }
}
