package org.matrixregistration.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenPolicyTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static InviteToken token(UsageLimit limit, Optional<Instant> expiry, boolean disabled, int completed, int pending) {
        return new InviteToken(new TokenName("DoubleWizardSki"), limit, expiry, disabled, "", NOW.minusSeconds(3600),
                new UseCounts(completed, pending, 0));
    }

    static Stream<Arguments> cases() {
        Optional<Instant> none = Optional.empty();
        return Stream.of(
                Arguments.of("fresh single-use", token(UsageLimit.of(1), none, false, 0, 0), null),
                Arguments.of("unlimited with many uses", token(UsageLimit.UNLIMITED, none, false, 5000, 30), null),
                Arguments.of("one use left", token(UsageLimit.of(3), none, false, 1, 1), null),
                Arguments.of("expiry in the future", token(UsageLimit.of(1), Optional.of(NOW.plusSeconds(1)), false, 0, 0), null),
                Arguments.of("used up by completed uses", token(UsageLimit.of(2), none, false, 2, 0), TokenRefusal.USED_UP),
                Arguments.of("used up by uses in flight", token(UsageLimit.of(2), none, false, 0, 2), TokenRefusal.USED_UP),
                Arguments.of("used up by both", token(UsageLimit.of(3), none, false, 2, 1), TokenRefusal.USED_UP),
                Arguments.of("expires exactly now", token(UsageLimit.of(1), Optional.of(NOW), false, 0, 0), TokenRefusal.EXPIRED),
                Arguments.of("expired long ago", token(UsageLimit.of(1), Optional.of(Instant.parse("2001-01-01T00:00:00Z")), false, 0, 0), TokenRefusal.EXPIRED),
                Arguments.of("disabled", token(UsageLimit.UNLIMITED, none, true, 0, 0), TokenRefusal.DISABLED),
                Arguments.of("disabled wins over expired and used up",
                        token(UsageLimit.of(1), Optional.of(NOW.minusSeconds(1)), true, 1, 0), TokenRefusal.DISABLED),
                Arguments.of("expired wins over used up",
                        token(UsageLimit.of(1), Optional.of(NOW.minusSeconds(1)), false, 1, 0), TokenRefusal.EXPIRED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesByTheFirstRuleThatFails(String description, InviteToken token, TokenRefusal expected) {
        Admission decision = TokenPolicy.evaluate(token, NOW);

        if (expected == null) {
            assertThat(decision).isInstanceOf(Admission.Admitted.class);
            assertThat(token.isActiveAt(NOW)).isTrue();
        } else {
            assertThat(decision).isEqualTo(new Admission.Refused(expected));
            assertThat(token.isActiveAt(NOW)).isFalse();
        }
    }

    @Test
    void refusesATokenThatDoesNotExist() {
        assertThat(TokenPolicy.evaluate(Optional.empty(), NOW)).isEqualTo(new Admission.Refused(TokenRefusal.UNKNOWN));
    }
}
