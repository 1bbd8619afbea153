package org.matrixregistration.cli.token;

import org.matrixregistration.core.admin.Expiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.matrixregistration.core.testing.MutableClock;
import picocli.CommandLine.TypeConversionException;

class ExpiryConverterTest {
    private static final ExpiryConverter CONVERTER = new ExpiryConverter();
    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final ZoneId berlin = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @CsvSource({
        "2026-12-31, 2026-12-30T23:00:00Z",
        "2026-07-01, 2026-06-30T22:00:00Z",
        "2026-12-31T18:00, 2026-12-31T17:00:00Z",
        "2026-12-31 18:00:30, 2026-12-31T17:00:30Z",
        "2026-12-31T18:00+01:00, 2026-12-31T17:00:00Z",
        "2026-12-31T18:00Z, 2026-12-31T18:00:00Z",
        "2026-12-31T18:00:00-05:00, 2026-12-31T23:00:00Z",
        "30m, 2026-06-01T12:30:00Z",
        "12h, 2026-06-02T00:00:00Z",
        "7d, 2026-06-08T12:00:00Z",
        "2W, 2026-06-15T12:00:00Z"
    })
    void readsEveryDocumentedForm(String text, String expected) {
        assertThat(CONVERTER.convert(text).resolve(clock, berlin)).contains(Instant.parse(expected));
    }

    @Test
    void neverMeansNoExpiry() {
        assertThat(CONVERTER.convert("never").resolve(clock, berlin)).isEqualTo(Optional.empty());
        assertThat(CONVERTER.convert("Never").resolve(clock, berlin)).isEmpty();
    }

    @Test
    void aDateIsReadInTheServersZoneAtResolutionTime() {
        Expiry date = CONVERTER.convert("2026-12-31");

        assertThat(date.resolve(clock, ZoneId.of("UTC"))).contains(Instant.parse("2026-12-31T00:00:00Z"));
        assertThat(date.resolve(clock, ZoneId.of("America/New_York"))).contains(Instant.parse("2026-12-31T05:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"31.12.2026", "2026-13-01", "2026-02-30", "tomorrow", "7", "7y", "-7d", "", "2026-12-31T25:00"})
    void refusesWhatIsNotAnExpiryNamingTheForms(String text) {
        assertThatThrownBy(() -> CONVERTER.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("is not a date (2026-12-31");
    }

    @Test
    void refusesADurationOfZero() {
        assertThatThrownBy(() -> CONVERTER.convert("0d")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("at least 1");
    }
}
