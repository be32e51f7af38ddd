package io.whyrec.core.profile;

import io.whyrec.core.config.Params;
import static io.whyrec.core.profile.WorkedExample.ANA;
import static io.whyrec.core.profile.WorkedExample.BOB;
import static io.whyrec.core.profile.WorkedExample.DAY;
import static io.whyrec.core.profile.WorkedExample.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks every term of the weighted history against the hand-computed worked example of docs/interest-profile.md. */
class HistoryBuilderTest {

    private static final double EPS = 1e-9;

    /**
     * The worked example with the default weighting (alpha 0.3, beta 0.7, half-life 180 days, frequency ITEM over
     * the whole history, heat = rating / 5), reference = ana's latest event (day 180):
     * <pre>
     * t  item          day rating  f = count/max   h = r/5  age  decay = 2^(-age/180)   w = (0.3 f + 0.7 h) decay
     * 0  Alien           0   5     2/2 = 1.0       1.0      180  0.5                    1.00  * 0.5      = 0.5
     * 1  Blade Runner   90   4     1/2 = 0.5       0.8       90  2^-0.5   = 0.7071068   0.71  * 0.7071068 = 0.5020458
     * 2  Casablanca    150   3     1/2 = 0.5       0.6       30  2^-(1/6) = 0.8908987   0.57  * 0.8908987 = 0.5078123
     * 3  Alien         180   5     2/2 = 1.0       1.0        0  1.0                    1.00  * 1.0      = 1.0
     * </pre>
     */
    @Test
    void workedExampleTermsMatchHandComputation() {
        History h = HistoryBuilder.build(WorkedExample.dataset(), ANA, EventWeighting.DEFAULT);
        assertEquals(4, h.size());
        assertEvent(h.event(0), WorkedExample.ALIEN, 1.0, 1.0, 0.5, 0.5);
        assertEvent(h.event(1), WorkedExample.BLADE_RUNNER, 0.5, 0.8, 0.7071068, 0.5020458);
        assertEvent(h.event(2), WorkedExample.CASABLANCA, 0.5, 0.6, 0.8908987, 0.5078123);
        assertEvent(h.event(3), WorkedExample.ALIEN, 1.0, 1.0, 1.0, 1.0);
        assertEquals(T0 + 90 * DAY, h.event(1).timestamp());
    }

    /**
     * With "now" = day 360 the ages are 360, 270, 210, 180 days, so the decays are 2^-2 = 0.25,
     * 2^-1.5 = 0.3535534, 2^(-210/180) = 0.4454494 and 2^-1 = 0.5; f and h are unchanged.
     */
    @Test
    void explicitNowShiftsTheAges() {
        History h = HistoryBuilder.build(WorkedExample.dataset(), ANA, EventWeighting.DEFAULT, T0 + 360 * DAY);
        assertEquals(0.25, h.event(0).decay(), 1e-7);
        assertEquals(0.3535534, h.event(1).decay(), 1e-7);
        assertEquals(0.4454494, h.event(2).decay(), 1e-7);
        assertEquals(0.5, h.event(3).decay(), 1e-7);
        // w_3 = (0.3 * 1 + 0.7 * 1) * 0.5
        assertEquals(0.5, h.event(3).weight(), EPS);
    }

    @Test
    void nowBeforeAnEventIsRejectedWithTheUser() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistoryBuilder.build(WorkedExample.dataset(), ANA, EventWeighting.DEFAULT, T0 + 100 * DAY));
        assertTrue(e.getMessage().contains("'ana'"), e.getMessage());
    }

    @Test
    void binaryGivesWeightOneToEveryEventIncludingRepeats() {
        History h = HistoryBuilder.build(WorkedExample.dataset(), ANA, EventWeighting.BINARY);
        assertEquals(4, h.size());
        for (WeightedEvent e : h.events()) {
            assertEquals(1.0, e.weight(), 0.0);
            assertEquals(1.0, e.decay(), 0.0);
        }
    }

    /** Bob's single event: f = 1/1, h = 2/5 = 0.4, age 0, w = 0.3 + 0.28 = 0.58; ana's events do not leak in. */
    @Test
    void usersAreIndependent() {
        History h = HistoryBuilder.build(WorkedExample.dataset(), BOB, EventWeighting.DEFAULT);
        assertEquals(1, h.size());
        assertEquals(0.58, h.event(0).weight(), EPS);
    }

    /**
     * FACET frequency over the whole history: ana has 4 events; Sci-Fi appears in 3 (Alien, Blade Runner, Alien),
     * Horror in 2, Drama and Romance in 1. f(Alien) = mean(3/4, 2/4) = 0.625, f(Blade Runner) = 3/4 = 0.75,
     * f(Casablanca) = mean(1/4, 1/4) = 0.25. w_1 = (0.3 * 0.75 + 0.7 * 0.8) * 0.7071068 = 0.785 * 0.7071068
     * = 0.5550788.
     */
    @Test
    void facetFrequencyIsTheMeanShareOfTheItemsFacets() {
        EventWeighting w = EventWeighting.DEFAULT.withFrequency(EventWeighting.FrequencyMode.FACET, 0);
        History h = HistoryBuilder.build(WorkedExample.dataset(), ANA, w);
        assertEquals(0.625, h.event(0).frequency(), EPS);
        assertEquals(0.75, h.event(1).frequency(), EPS);
        assertEquals(0.25, h.event(2).frequency(), EPS);
        assertEquals(0.625, h.event(3).frequency(), EPS);
        assertEquals(0.5550788, h.event(1).weight(), 1e-7);
    }

    /**
     * A 60-day window before day 180 holds the events of day 150 (Casablanca) and 180 (Alien), once each, so
     * max = 1: both Alien events get f = 1 (the item is in the window), Casablanca 1, Blade Runner 0.
     */
    @Test
    void frequencyWindowCountsOnlyRecentEvents() {
        EventWeighting w = EventWeighting.DEFAULT.withFrequency(EventWeighting.FrequencyMode.ITEM, 60);
        History h = HistoryBuilder.build(WorkedExample.dataset(), ANA, w);
        assertEquals(1.0, h.event(0).frequency(), EPS);
        assertEquals(0.0, h.event(1).frequency(), EPS);
        assertEquals(1.0, h.event(2).frequency(), EPS);
        assertEquals(1.0, h.event(3).frequency(), EPS);
    }

    /** Event-type heat: view 0.25, click 0.5, cart 0.75, buy 1.0 by default. */
    @Test
    void eventTypeHeatUsesTheDocumentedMap() {
        Dataset d = WorkedExample.dataset(List.of("view", "BUY", "cart"), new short[] {0, 1, 2, 0, 0},
                new float[] {1, 1, 1, 1, 1});
        EventWeighting w = EventWeighting.DEFAULT.withHeat(EventWeighting.HeatSource.EVENT_TYPE);
        History h = HistoryBuilder.build(d, ANA, w);
        assertEquals(0.25, h.event(0).heat(), EPS);
        assertEquals(1.0, h.event(1).heat(), EPS);
        assertEquals(0.75, h.event(2).heat(), EPS);
    }

    @Test
    void unknownEventTypeIsAClearError() {
        Dataset d = WorkedExample.dataset(List.of("share"), new short[5], new float[] {1, 1, 1, 1, 1});
        EventWeighting w = EventWeighting.DEFAULT.withHeat(EventWeighting.HeatSource.EVENT_TYPE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistoryBuilder.build(d, ANA, w));
        assertTrue(e.getMessage().contains("'share'") && e.getMessage().contains("'alien'"), e.getMessage());
    }

    /** Dwell heat with the 300 s cap: 600 s -> 1, 150 s -> 0.5, 30 s -> 0.1. */
    @Test
    void dwellHeatIsCapped() {
        Dataset d = WorkedExample.dataset(List.of("dwell"), new short[5], new float[] {600, 150, 30, 300, 0});
        History h = HistoryBuilder.build(d, ANA, EventWeighting.DEFAULT.withHeat(EventWeighting.HeatSource.DWELL));
        assertEquals(1.0, h.event(0).heat(), EPS);
        assertEquals(0.5, h.event(1).heat(), EPS);
        assertEquals(0.1, h.event(2).heat(), EPS);
    }

    @Test
    void ratingAboveTheScaleNamesTheEvent() {
        Dataset d = WorkedExample.dataset(List.of("rating"), new short[5], new float[] {5, 4, 10, 5, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistoryBuilder.build(d, ANA, EventWeighting.DEFAULT));
        assertTrue(e.getMessage().contains("'casa'") && e.getMessage().contains("10.0"), e.getMessage());
    }

    @Test
    void overridesParseAndRejectBadValues() {
        EventWeighting w = EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("halfLifeDays", "30", "frequency", "facet",
                "heat", "event-type", "alpha", "0.5", "beta", "0.5"), EventWeighting.KEYS));
        assertEquals(30.0, w.halfLifeDays(), 1e-9);
        assertEquals(EventWeighting.FrequencyMode.FACET, w.frequencyMode());
        assertEquals(EventWeighting.HeatSource.EVENT_TYPE, w.heatSource());
        assertEquals(0.5, w.alpha(), 0.0);
        assertEquals(0.0, EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("halfLifeDays", "inf"), EventWeighting.KEYS)).lambdaPerDay(), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("alpha", "x"), EventWeighting.KEYS)));
        assertEquals("weighting: parameter 'alpha' must be a number >= 0, got 'x'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("heat", "smell"), EventWeighting.KEYS)));
        assertThrows(IllegalArgumentException.class, () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("beta", "-1"), EventWeighting.KEYS)));
    }

    /** The documented default half-life is 180 days: lambda = ln 2 / 180 = 0.0038508 per day. */
    @Test
    void defaultHalfLife() {
        assertEquals(180.0, EventWeighting.DEFAULT.halfLifeDays(), 1e-9);
        assertEquals(0.0038508, EventWeighting.DEFAULT.lambdaPerDay(), 1e-7);
    }

    private static void assertEvent(WeightedEvent e, int item, double f, double h, double decay, double w) {
        assertEquals(item, e.item());
        assertEquals(f, e.frequency(), EPS, "f");
        assertEquals(h, e.heat(), EPS, "h");
        assertEquals(decay, e.decay(), 1e-7, "decay");
        assertEquals(w, e.weight(), 1e-7, "w");
    }
}
