package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void readsTheOldToolsSpellings() {
        assertThat(RateLimit.parse("10 per minute")).isEqualTo(new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("100 per day")).isEqualTo(new RateLimit(100, Duration.ofDays(1)));
        assertThat(RateLimit.parse("10/minute")).isEqualTo(new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("5 / hour")).isEqualTo(new RateLimit(5, Duration.ofHours(1)));
        assertThat(RateLimit.parse("3 per second")).isEqualTo(new RateLimit(3, Duration.ofSeconds(1)));
        assertThat(RateLimit.parse(" 20 Per Minutes ")).isEqualTo(new RateLimit(20, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("5 per 10 minutes")).isEqualTo(new RateLimit(5, Duration.ofMinutes(10)));
        assertThat(RateLimit.parse("1 per month")).isEqualTo(new RateLimit(1, Duration.ofDays(30)));
        assertThat(RateLimit.parse("1 per year")).isEqualTo(new RateLimit(1, Duration.ofDays(365)));
    }

    @Test
    void splitsSeveralLimitsInOneEntry() {
        assertThat(RateLimit.parseAll(List.of("100 per day; 10 per minute", "1/second")))
                .containsExactly(new RateLimit(100, Duration.ofDays(1)), new RateLimit(10, Duration.ofMinutes(1)),
                        new RateLimit(1, Duration.ofSeconds(1)));
    }

    @Test
    void refusesWhatItCannotReadNamingTheSetting() {
        for (String wrong : List.of("ten per minute", "10 per fortnight", "10", "per minute", "-1 per day", "10 minute")) {
            assertThatThrownBy(() -> RateLimit.parseAll("failed_token_limit", List.of(wrong)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("failed_token_limit: ")
                    .hasMessageContaining(wrong);
        }
        assertThatThrownBy(() -> RateLimit.parse("0 per minute")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> RateLimit.parse("1 per 0 minutes")).hasMessageContaining("at least 1");
    }

    /** {@code rate_limit: ''} used to switch every limit off without a word. */
    @Test
    void refusesASettingWithoutAnyLimit() {
        for (List<String> empty : List.of(List.<String>of(), List.of(""), List.of(" ; "))) {
            assertThatThrownBy(() -> RateLimit.parseAll("rate_limit", empty))
                    .hasMessageStartingWith("rate_limit: must list at least one limit");
        }
    }
}
