package org.matrixregistration.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"DoubleWizardSki", "a", "my-token_1.0~x", "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsNamesFromTheUrlSafeAlphabet(String name) {
        assertThat(new TokenName(name).value()).isEqualTo(name);
        assertThat(TokenName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/y", "quote\"", "ümlaut", "percent%20",
            "01234567890123456789012345678901234567890123456789012345678901234"})
    void refusesOtherNamesWithAnActionableMessage(String name) {
        assertThat(TokenName.isValid(name)).isFalse();
        assertThatThrownBy(() -> new TokenName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 64 characters");
    }

    @Test
    void usageLimitZeroMeansUnlimited() {
        assertThat(new UsageLimit(0).isUnlimited()).isTrue();
        assertThat(UsageLimit.UNLIMITED.admitsAnotherAfter(Integer.MAX_VALUE - 1)).isTrue();
        assertThat(UsageLimit.of(2).admitsAnotherAfter(1)).isTrue();
        assertThat(UsageLimit.of(2).admitsAnotherAfter(2)).isFalse();
    }

    @Test
    void refusesNonsensicalLimits() {
        assertThatThrownBy(() -> UsageLimit.of(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new UsageLimit(-1)).hasMessageContaining(">= 1, or 0 for unlimited");
    }

    @Test
    void pageKnowsWhetherMoreFollow() {
        assertThat(new Page<>(java.util.List.of(1, 2), 5, 0).hasMore()).isTrue();
        assertThat(new Page<>(java.util.List.of(1, 2), 5, 3).hasMore()).isFalse();
    }

    @Test
    void queryRefusesAbsurdPaging() {
        java.time.Instant now = java.time.Instant.EPOCH;
        assertThatThrownBy(() -> new TokenQuery(TokenQuery.Activity.ALL, now, -1, 10)).hasMessageContaining("offset");
        assertThatThrownBy(() -> new TokenQuery(TokenQuery.Activity.ALL, now, 0, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new TokenQuery(TokenQuery.Activity.ALL, now, 0, 1001)).hasMessageContaining("limit");
    }
}
