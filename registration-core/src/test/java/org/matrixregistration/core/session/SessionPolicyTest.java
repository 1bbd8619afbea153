package org.matrixregistration.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionPolicyTest {
    private static final Instant SIGNED_IN = Instant.parse("2026-06-01T08:00:00Z");
    private final SessionPolicy policy = SessionPolicy.DEFAULTS;

    @Test
    void endsASessionAfterThirtyMinutesIdle() {
        AdminSession session = new AdminSession("s", SIGNED_IN, SIGNED_IN.plus(Duration.ofHours(1)));

        assertThat(policy.isValid(session, SIGNED_IN.plus(Duration.ofMinutes(89)))).isTrue();
        assertThat(policy.isValid(session, SIGNED_IN.plus(Duration.ofMinutes(90)))).isFalse();
    }

    @Test
    void endsASessionTwelveHoursAfterSignInHoweverBusy() {
        AdminSession busy = new AdminSession("s", SIGNED_IN, SIGNED_IN.plus(Duration.ofHours(12)).minusSeconds(10));

        assertThat(policy.isValid(busy, SIGNED_IN.plus(Duration.ofHours(12)).minusSeconds(1))).isTrue();
        assertThat(policy.isValid(busy, SIGNED_IN.plus(Duration.ofHours(12)))).isFalse();
    }

    @Test
    void writesTheLastUseAtMostOnceAMinute() {
        AdminSession session = new AdminSession("s", SIGNED_IN, SIGNED_IN);

        assertThat(policy.dueForTouch(session, SIGNED_IN.plusSeconds(59))).isFalse();
        assertThat(policy.dueForTouch(session, SIGNED_IN.plusSeconds(60))).isTrue();
    }

    @Test
    void refusesTimeoutsThatMakeNoSense() {
        assertThatThrownBy(() -> new SessionPolicy(Duration.ofSeconds(30), Duration.ofHours(1)))
                .hasMessageStartingWith("admin_console_idle_timeout");
        assertThatThrownBy(() -> new SessionPolicy(Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageStartingWith("admin_console_session_lifetime");
    }

    @Test
    void neverPrintsTheId() {
        assertThat(new AdminSession("secret-hash", SIGNED_IN, SIGNED_IN).toString()).doesNotContain("secret-hash");
    }
}
