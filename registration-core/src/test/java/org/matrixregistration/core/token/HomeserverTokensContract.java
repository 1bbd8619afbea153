package org.matrixregistration.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link HomeserverTokens} must show: the in-memory one and Synapse's admin API
 * pass the same tests. Names are unique per test, so a homeserver may be shared between test
 * classes; expiries lie in the future, since a real homeserver refuses past ones.
 */
public abstract class HomeserverTokensContract {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final String run = Long.toString(System.nanoTime(), 36);

    /** The tokens of a homeserver that tests may add to. */
    protected abstract HomeserverTokens tokens();

    /** A name no test used before. */
    protected TokenName unique(String prefix) {
        return new TokenName(prefix + "-" + run + "-" + NAMES.incrementAndGet());
    }

    private static Instant inAWeek() {
        return Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void createsATokenNobodyHasUsedAndFindsItByName() {
        TokenName name = unique("Created");
        Instant expiry = inAWeek();

        Optional<HomeserverToken> created = tokens().create(name, OptionalInt.of(3), Optional.of(expiry));

        HomeserverToken expected = new HomeserverToken(name, OptionalInt.of(3), 0, 0, Optional.of(expiry));
        assertThat(created).contains(expected);
        assertThat(tokens().find(name)).contains(expected);
        assertThat(tokens().list()).contains(expected);
    }

    @Test
    void anUnlimitedTokenHasNoLimitAndNoExpiry() {
        TokenName name = unique("Unlimited");

        tokens().create(name, OptionalInt.empty(), Optional.empty());

        assertThat(tokens().find(name)).contains(HomeserverToken.fresh(name, OptionalInt.empty(), Optional.empty()));
    }

    @Test
    void expiringNowKeepsTheLimitAndSetsTheExpiryToThePresent() {
        TokenName name = unique("Off");
        tokens().create(name, OptionalInt.of(4), Optional.of(inAWeek()));
        Instant before = Instant.now().minusSeconds(5);

        HomeserverToken expired = tokens().expireNow(name).orElseThrow();

        assertThat(expired.usesAllowed()).hasValue(4);
        assertThat(expired.expiresAt()).hasValueSatisfying(at -> assertThat(at).isBetween(before,
                Instant.now().plusSeconds(5)));
        assertThat(tokens().find(name)).contains(expired);
        assertThat(tokens().expireNow(unique("Unknown"))).isEmpty();
    }

    @Test
    void refusesASecondTokenOfTheSameNameAndKeepsTheFirst() {
        TokenName name = unique("Taken");
        tokens().create(name, OptionalInt.of(1), Optional.empty());

        assertThat(tokens().create(name, OptionalInt.of(5), Optional.empty())).isEmpty();
        assertThat(tokens().find(name).orElseThrow().usesAllowed()).hasValue(1);
    }

    @Test
    void namesAreCaseSensitiveAndMayUseEveryAllowedCharacter() {
        TokenName name = unique("a.b~c_d-E");
        tokens().create(name, OptionalInt.of(1), Optional.empty());

        assertThat(tokens().find(new TokenName(name.value().toLowerCase(java.util.Locale.ROOT)))).isEmpty();
        assertThat(tokens().find(name)).isPresent();
    }

    @Test
    void updatesBothSettingsAndRemovesThem() {
        TokenName name = unique("Updated");
        tokens().create(name, OptionalInt.of(1), Optional.empty());
        Instant expiry = inAWeek();

        assertThat(tokens().update(name, OptionalInt.of(7), Optional.of(expiry)))
                .contains(new HomeserverToken(name, OptionalInt.of(7), 0, 0, Optional.of(expiry)));
        assertThat(tokens().update(name, OptionalInt.empty(), Optional.empty()))
                .contains(HomeserverToken.fresh(name, OptionalInt.empty(), Optional.empty()));
        assertThat(tokens().find(name)).contains(HomeserverToken.fresh(name, OptionalInt.empty(), Optional.empty()));
    }

    @Test
    void unknownTokensAreNeitherFoundNorUpdatedNorDeleted() {
        TokenName name = unique("Unknown");

        assertThat(tokens().find(name)).isEmpty();
        assertThat(tokens().update(name, OptionalInt.of(1), Optional.empty())).isEmpty();
        assertThat(tokens().delete(name)).isFalse();
        assertThat(tokens().find(name)).isEmpty();
    }

    @Test
    void deletesAToken() {
        TokenName name = unique("Deleted");
        tokens().create(name, OptionalInt.of(1), Optional.empty());

        assertThat(tokens().delete(name)).isTrue();

        assertThat(tokens().find(name)).isEmpty();
        assertThat(tokens().list()).extracting(HomeserverToken::name).doesNotContain(name);
        assertThat(tokens().create(name, OptionalInt.of(2), Optional.empty())).isPresent();
    }
}
