package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DateHeaderTest {
    /** What HTTP's IMF-fixdate is, written with the JDK's formatter and English names. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @Test
    void writesTheRfcsExample() {
        assertThat(DateHeader.format(784_111_777L)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void agreesWithTheJdksFormatterOnEdgesAndOnAnyDay() {
        long[] edges = {0L, 59L, 86_399L, 86_400L, 951_782_400L /* 2000-02-29 */, 1_709_164_800L /* 2024-02-29 */,
            1_798_761_599L /* 2026-12-31 23:59:59 */, 253_402_300_799L /* 9999-12-31 23:59:59 */};
        for (long second : edges) {
            assertThat(DateHeader.format(second)).as("second %d", second)
                    .isEqualTo(IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
        }
        SplittableRandom random = new SplittableRandom(20261207L);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(0L, 253_402_300_800L);
            assertThat(DateHeader.format(second)).as("second %d", second)
                    .isEqualTo(IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
        }
    }

    @Test
    void followsTheClockSecondBySecond() {
        AtomicLong millis = new AtomicLong(784_111_777_000L);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.get());
            }
        };
        DateHeader header = new DateHeader(exchange -> { }, clock);
        assertThat(header.now()).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        millis.addAndGet(999);
        assertThat(header.now()).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        millis.addAndGet(1);
        assertThat(header.now()).isEqualTo("Sun, 06 Nov 1994 08:49:38 GMT");
        millis.set(-1);
        assertThat(header.now()).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
    }
}
