package org.matrixregistration.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AdminSessions} must show; each store's test extends this class with a
 * fresh, empty store.
 */
public abstract class AdminSessionsContract {
    protected static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

    protected abstract AdminSessions newStore();

    @Test
    void findsWhatWasAddedAndRefusesTheSameIdTwice() {
        AdminSessions store = newStore();
        AdminSession session = new AdminSession("a".repeat(64), NOON, NOON);

        assertThat(store.add(session)).isTrue();
        assertThat(store.add(new AdminSession("a".repeat(64), NOON.plusSeconds(5), NOON.plusSeconds(5)))).isFalse();

        assertThat(store.find("a".repeat(64))).contains(session);
        assertThat(store.find("b".repeat(64))).isEmpty();
    }

    @Test
    void touchingRecordsTheLastUseOfASessionThatExists() {
        AdminSessions store = newStore();
        store.add(new AdminSession("s1", NOON, NOON));

        assertThat(store.touch("s1", NOON.plusSeconds(90))).isTrue();
        assertThat(store.touch("gone", NOON.plusSeconds(90))).isFalse();

        assertThat(store.find("s1")).hasValueSatisfying(s -> {
            assertThat(s.lastSeenAt()).isEqualTo(NOON.plusSeconds(90));
            assertThat(s.createdAt()).isEqualTo(NOON);
        });
    }

    @Test
    void removingEndsTheSessionAndIsHarmlessTwice() {
        AdminSessions store = newStore();
        store.add(new AdminSession("s1", NOON, NOON));

        store.remove("s1");
        store.remove("s1");

        assertThat(store.find("s1")).isEmpty();
    }

    @Test
    void removesSessionsThatWereIdleOrLivedTooLong() {
        AdminSessions store = newStore();
        store.add(new AdminSession("idle", NOON, NOON));
        store.add(new AdminSession("old", NOON.minus(Duration.ofHours(13)), NOON.plusSeconds(600)));
        store.add(new AdminSession("fine", NOON.minus(Duration.ofHours(1)), NOON.plusSeconds(600)));

        int removed = store.removeExpired(NOON.plusSeconds(60), NOON.minus(Duration.ofHours(12)));

        assertThat(removed).isEqualTo(2);
        assertThat(store.find("fine")).isPresent();
        assertThat(store.find("idle")).isEmpty();
        assertThat(store.find("old")).isEmpty();
    }
}
