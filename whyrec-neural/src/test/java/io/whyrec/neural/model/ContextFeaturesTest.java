package io.whyrec.neural.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Hour of day and weekday of hand-checked timestamps (UTC). */
class ContextFeaturesTest {

    @Test
    void epochStartIsThursdayMidnight() {
        // 1970-01-01 00:00:00 UTC was a Thursday: weekday 3 with Monday = 0
        assertEquals(0, ContextFeatures.hour(0));
        assertEquals(3, ContextFeatures.weekday(0));
    }

    @Test
    void aKnownTuesdayEvening() {
        // 1,700,000,000 s = 2023-11-14 22:13:20 UTC (date -u -d @1700000000): a Tuesday, weekday 1.
        // By hand: 1,700,000,000 / 86,400 = 19,675 days + 80,000 s; 80,000 / 3,600 = 22 h; (19,675 + 3) mod 7 = 1.
        assertEquals(22, ContextFeatures.hour(1_700_000_000L));
        assertEquals(1, ContextFeatures.weekday(1_700_000_000L));
    }

    @Test
    void beforeTheEpochWrapsBackwards() {
        // one second before the epoch: Wednesday 1969-12-31 23:59:59
        assertEquals(23, ContextFeatures.hour(-1));
        assertEquals(2, ContextFeatures.weekday(-1));
    }
}
