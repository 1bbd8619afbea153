package org.matrixregistration.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
        TokenCursor cursor = new TokenCursor(Instant.EPOCH, new TokenName("Last"));
        assertThat(new Page<>(java.util.List.of(1, 2), java.util.OptionalLong.of(5), java.util.Optional.of(cursor))
                .hasMore()).isTrue();
        assertThat(new Page<>(java.util.List.of(1, 2), java.util.OptionalLong.empty(), java.util.Optional.empty())
                .hasMore()).isFalse();
        assertThatThrownBy(() -> new Page<>(java.util.List.of(1, 2), java.util.OptionalLong.of(1), java.util.Optional.empty()))
                .hasMessageContaining("total");
    }

    @Test
    void queryRefusesAbsurdPaging() {
        java.time.Instant now = java.time.Instant.EPOCH;
        assertThatThrownBy(() -> TokenQuery.all().at(-1, 10)).hasMessageContaining("offset");
        assertThatThrownBy(() -> TokenQuery.all().at(0, 0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> TokenQuery.all().at(0, 1001)).hasMessageContaining("limit");
        TokenCursor cursor = new TokenCursor(now, new TokenName("Name-With.Dots_1"));
        assertThatThrownBy(() -> TokenQuery.all().at(5, 10).after(cursor)).hasMessageContaining("not both");
        assertThatThrownBy(() -> TokenQuery.all().matching("x".repeat(201))).hasMessageContaining("200");
        assertThat(TokenQuery.all().matching("  ").search()).isEmpty();
        assertThat(TokenCursor.parse(cursor.toString())).isEqualTo(cursor);
        TokenCursor beforeTheEpoch = new TokenCursor(Instant.parse("1969-07-20T20:17:40.5Z"), new TokenName("-Apollo-"));
        assertThat(TokenCursor.parse(beforeTheEpoch.toString())).isEqualTo(beforeTheEpoch);
        assertThatThrownBy(() -> TokenCursor.parse("yesterday-Name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenCursor.parse("12-")).isInstanceOf(IllegalArgumentException.class);
    }
}
