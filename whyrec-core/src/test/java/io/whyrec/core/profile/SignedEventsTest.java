package io.whyrec.core.profile;

import io.whyrec.core.config.Params;
import static io.whyrec.core.profile.WorkedExample.DAY;
import static io.whyrec.core.profile.WorkedExample.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Item;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks that events against an item (dislike, not_interested, skip, and ratings below a threshold) carry a
 * negative weight through the weighted history, the binary history, the interest profile and an additive model.
 *
 * <p>The fixture: items c1..c4 (Comedy) and t1..t3 (Thriller); user "uma" likes c1, c2, c3 and t1 (type "like",
 * value 5) on day 180, and in the "after" variant also dislikes t2 on day 0. With the default weighting and the
 * reference time day 180, every like has f = 1 (each item once), h = 5/5 = 1 and decay 1, so w = 0.3 + 0.7 = 1.0.
 * The dislike has f = 1 (the only event against), h = 1 (the type has no event-type weight), decay
 * 2^(-180/180) = 0.5, so w = -(0.3 + 0.7) * 0.5 = -0.5.
 */
class SignedEventsTest {

    private static final double EPS = 1e-9;

    private static final List<String> ITEMS = List.of("c1", "c2", "c3", "c4", "t1", "t2", "t3");
    private static final int C4 = 3;
    private static final int T1 = 4;
    private static final int T2 = 5;
    private static final int T3 = 6;

    /** One event of the fixture: item index, day, type name and value. */
    private record Ev(int item, long day, String type, float value) {
    }

    private static ItemCatalog catalog() {
        Map<String, Item> meta = new LinkedHashMap<>();
        for (String id : ITEMS) {
            String genre = id.startsWith("c") ? "Comedy" : "Thriller";
            meta.put(id, new Item(id, id.toUpperCase(), "", List.of(genre)));
        }
        return ItemCatalog.of(IdIndex.of(ITEMS), meta);
    }

    /** A one-user dataset ("uma") of the given events; type names are indexed in order of first use. */
    private static Dataset dataset(List<Ev> events) {
        List<String> types = new ArrayList<>();
        int n = events.size();
        int[] user = new int[n];
        int[] item = new int[n];
        long[] time = new long[n];
        float[] value = new float[n];
        short[] type = new short[n];
        for (int i = 0; i < n; i++) {
            Ev e = events.get(i);
            if (!types.contains(e.type())) {
                types.add(e.type());
            }
            item[i] = e.item();
            time[i] = T0 + e.day() * DAY;
            value[i] = e.value();
            type[i] = (short) types.indexOf(e.type());
        }
        return Dataset.fromColumns(IdIndex.of(List.of("uma")), catalog(), types, user, item, time, value, type);
    }

    /** Three Comedy likes and one Thriller like, all on day 180. */
    private static List<Ev> likes() {
        return List.of(new Ev(0, 180, "like", 5), new Ev(1, 180, "like", 5), new Ev(2, 180, "like", 5),
                new Ev(T1, 180, "like", 5));
    }

    /** The likes plus a dislike of Thriller t2 on day 0 (first in time order: position 0). */
    private static List<Ev> likesAndDislike() {
        List<Ev> out = new ArrayList<>(likes());
        out.add(new Ev(T2, 0, "dislike", 0));
        return out;
    }

    // ---- EventWeighting: defaults and overrides

    @Test
    void defaultsMakeDislikeNegativeAndViewPositive() {
        EventWeighting w = EventWeighting.DEFAULT;
        assertEquals(Set.of("dislike", "not_interested", "skip"), w.negativeTypes());
        assertEquals(0.0, w.negativeBelowRating(), 0.0);
        assertTrue(w.isNegative("dislike", 0));
        assertTrue(w.isNegative("Not_Interested", 0), "type names are case-insensitive");
        assertTrue(w.isNegative("SKIP", 3));
        assertFalse(w.isNegative("view", 1));
        assertFalse(w.isNegative("rating", 1), "threshold 0: no rating counts against its item");
        assertTrue(EventWeighting.KEYS.containsAll(Set.of("negativeTypes", "negativeBelowRating")));
        assertEquals("dislike|not_interested|skip", w.describe().get("negativeTypes"));
        assertEquals(0.0, w.describe().get("negativeBelowRating"));
    }

    /** Heat of an event against: its event-type weight, or 1 without one, whatever the heat source. */
    @Test
    void heatOfANegativeTypeIsItsTypeWeightOrOne() {
        EventWeighting byType = EventWeighting.DEFAULT.withHeat(EventWeighting.HeatSource.EVENT_TYPE);
        assertEquals(1.0, byType.heat("dislike", 0, "here"), 0.0);
        assertEquals(0.25, byType.heat("view", 0, "here"), 0.0);
        EventWeighting skipQuarter = byType.withEventTypeWeights(Map.of("view", 0.25, "skip", 0.25));
        assertEquals(0.25, skipQuarter.heat("Skip", 0, "here"), 0.0);
        // with RATING heat the value of a dislike is not read, so an out-of-scale value is no error
        assertEquals(1.0, EventWeighting.DEFAULT.heat("dislike", 99, "here"), 0.0);
    }

    @Test
    void overridesParseBothNewKeys() {
        EventWeighting w = EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeTypes", " Dislike | hide ",
                "negativeBelowRating", "3"), EventWeighting.KEYS));
        assertEquals(Set.of("dislike", "hide"), w.negativeTypes());
        assertEquals(3.0, w.negativeBelowRating(), 0.0);
        assertTrue(w.isNegative("HIDE", 5));
        assertFalse(w.isNegative("skip", 5));
        assertTrue(w.isNegative("rating", 2));
        assertFalse(w.isNegative("rating", 3), "the threshold itself is not below the threshold");
        EventWeighting none = EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeTypes", "none"), EventWeighting.KEYS));
        assertTrue(none.negativeTypes().isEmpty());
        assertFalse(none.isNegative("dislike", 0));
        assertEquals("none", none.describe().get("negativeTypes"));
        // describe() writes the types as override reads them back
        assertEquals(w, EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeTypes", (String) w.describe().get("negativeTypes"),
                "negativeBelowRating", String.valueOf(w.describe().get("negativeBelowRating"))), EventWeighting.KEYS)));
        assertTrue(EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeTypes", ""), EventWeighting.KEYS)).negativeTypes().isEmpty());
        // the scale and its threshold are applied together, so their order does not matter
        EventWeighting tens = EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("maxRating", "10", "negativeBelowRating", "7"), EventWeighting.KEYS));
        assertEquals(7.0, tens.negativeBelowRating(), 0.0);
        assertEquals(10.0, tens.maxRating(), 0.0);
        // the threshold only applies to rating heat
        assertFalse(w.withHeat(EventWeighting.HeatSource.DWELL).isNegative("dwell", 2));
    }

    @Test
    void badValuesOfTheNewKeysNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeTypes", "dislike||skip"), EventWeighting.KEYS)));
        assertTrue(e.getMessage().startsWith("weighting: parameter 'negativeTypes' must be names of letters")
                && e.getMessage().endsWith("got 'dislike||skip'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeTypes", "not interested"), EventWeighting.KEYS)));
        assertTrue(e.getMessage().startsWith("weighting: parameter 'negativeTypes'")
                && e.getMessage().endsWith("got 'not interested'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeBelowRating", "low"), EventWeighting.KEYS)));
        assertEquals("weighting: parameter 'negativeBelowRating' must be a number >= 0, got 'low'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeBelowRating", "7"), EventWeighting.KEYS)));
        assertTrue(e.getMessage().startsWith("weighting: negativeBelowRating = 7.0") && e.getMessage().contains("maxRating=5.0"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeBelowRating", "-1"), EventWeighting.KEYS)));
        assertEquals("weighting: parameter 'negativeBelowRating' must be a number >= 0, got '-1'", e.getMessage());
    }

    // ---- HistoryBuilder: signed weights

    /** The dislike of the fixture: w = -(0.3 * 1 + 0.7 * 1) * 0.5 = -0.5, with f, h, decay kept non-negative. */
    @Test
    void historyBuilderSignsTheDislike() {
        History h = HistoryBuilder.build(dataset(likesAndDislike()), 0, EventWeighting.DEFAULT);
        assertEquals(5, h.size());
        WeightedEvent dislike = h.event(0);
        assertEquals(T2, dislike.item());
        assertEquals(1.0, dislike.frequency(), 0.0);
        assertEquals(1.0, dislike.heat(), 0.0);
        assertEquals(0.5, dislike.decay(), 1e-12);
        assertEquals(-0.5, dislike.weight(), 1e-12);
        assertEquals(-EventWeighting.DEFAULT.weight(1.0, 1.0, dislike.decay()), dislike.weight(), 0.0);
        for (int p = 1; p < 5; p++) {
            assertEquals(1.0, h.event(p).weight(), 1e-12, "like at position " + p);
        }
    }

    /**
     * Ratings with negativeBelowRating = 3 on day 0 (decay 1; every item once, so f = 1 within each sign):
     * rating 5 gives +(0.3 + 0.7 * 5/5) = 1.0; rating 3 gives +(0.3 + 0.7 * 3/5) = 0.72; rating 2 gives
     * h = (3 - 2)/3 = 1/3 and w = -(0.3 + 0.7/3) = -0.5333333; rating 1 gives h = 2/3 and
     * w = -(0.3 + 0.7 * 2/3) = -0.7666667.
     */
    @Test
    void ratingsBelowTheThresholdCountAgainst() {
        Dataset d = dataset(List.of(new Ev(0, 0, "rating", 5), new Ev(1, 0, "rating", 3), new Ev(2, 0, "rating", 2),
                new Ev(C4, 0, "rating", 1)));
        EventWeighting w = EventWeighting.DEFAULT.override(Params.of("weighting", Map.of("negativeBelowRating", "3"), EventWeighting.KEYS));
        History h = HistoryBuilder.build(d, 0, w);
        assertEquals(1.0, h.event(0).weight(), EPS);
        assertEquals(0.72, h.event(1).weight(), EPS);
        assertEquals(1.0 / 3, h.event(2).heat(), EPS);
        assertEquals(-0.5333333, h.event(2).weight(), 1e-7);
        assertEquals(2.0 / 3, h.event(3).heat(), EPS);
        assertEquals(-0.7666667, h.event(3).weight(), 1e-7);
        // the default threshold 0 leaves the same ratings positive: rating 2 gives 0.3 + 0.7 * 0.4 = 0.58
        assertEquals(0.58, HistoryBuilder.build(d, 0, EventWeighting.DEFAULT).event(2).weight(), EPS);
    }

    /**
     * Frequency is counted among events of the same sign, so adding a dislike leaves every like's weight bit for
     * bit as it was, in both frequency modes (with FACET frequency the Thriller like would otherwise gain f).
     */
    @Test
    void aDislikeDoesNotChangeThePositiveWeights() {
        for (EventWeighting.FrequencyMode mode : EventWeighting.FrequencyMode.values()) {
            EventWeighting w = EventWeighting.DEFAULT.withFrequency(mode, 0);
            History before = HistoryBuilder.build(dataset(likes()), 0, w);
            History after = HistoryBuilder.build(dataset(likesAndDislike()), 0, w);
            assertEquals(before.events(), after.events().subList(1, 5), mode.name());
        }
    }

    /** Without events against, every weight is exactly (0.3 f + 0.7 h) decay of its own terms, as before. */
    @Test
    void positiveWeightsKeepTheirFormulaBitForBit() {
        History h = HistoryBuilder.build(WorkedExample.dataset(), WorkedExample.ANA, EventWeighting.DEFAULT);
        for (WeightedEvent e : h.events()) {
            assertEquals((0.3 * e.frequency() + 0.7 * e.heat()) * e.decay(), e.weight(), 0.0);
        }
    }

    // ---- Histories.binary

    @Test
    void binaryHistoryGivesMinusOneToADislikedItem() {
        History h = Histories.binary(dataset(likesAndDislike()), 0);
        assertEquals(5, h.size());
        assertEquals(new WeightedEvent(T2, T0, 1.0, 1.0, 1.0, -1.0), h.event(0));
        for (int p = 1; p < 5; p++) {
            assertEquals(1.0, h.event(p).weight(), 0.0);
        }
    }

    /** The sign comes from the item's last event; the position and time stay those of its first event. */
    @Test
    void binaryHistoryFollowsTheLastEventOfEachItem() {
        Dataset d = dataset(List.of(new Ev(0, 1, "view", 1), new Ev(0, 2, "dislike", 1), new Ev(T1, 3, "skip", 1),
                new Ev(T1, 4, "buy", 1)));
        History h = Histories.binary(d, 0);
        assertEquals(List.of(new WeightedEvent(0, T0 + DAY, 1.0, 1.0, 1.0, -1.0),
                WeightedEvent.unit(T1, T0 + 3 * DAY)), h.events());
    }

    /** Data without events against gives exactly the old binary history: first occurrences, unit weights. */
    @Test
    void binaryHistoryIsUnchangedWithoutNegativeEvents() {
        Dataset worked = WorkedExample.dataset();
        for (int u = 0; u < worked.numUsers(); u++) {
            assertEquals(unsignedBinary(worked, u), Histories.binary(worked, u));
        }
        Dataset synthetic = SyntheticData.generate(SyntheticConfig.DEFAULT, 7L).dataset();
        for (int u = 0; u < synthetic.numUsers(); u++) {
            assertEquals(unsignedBinary(synthetic, u), Histories.binary(synthetic, u));
        }
    }

    /** The binary history as it was built before events could count against an item. */
    private static History unsignedBinary(Dataset data, int user) {
        List<WeightedEvent> events = new ArrayList<>();
        BitSet seen = new BitSet();
        for (int e = data.userStart(user); e < data.userEnd(user); e++) {
            if (!seen.get(data.item(e))) {
                seen.set(data.item(e));
                events.add(WeightedEvent.unit(data.item(e), data.timestamp(e)));
            }
        }
        return new History(user, events);
    }

    // ---- The interest profile

    /**
     * Before: Comedy 3 * 1.0 = 3.0, Thriller 1.0; activity 4.0, shares 0.75 and 0.25.
     * After the dislike (w = -0.5): Thriller 1.0 - 0.5 = 0.5, activity 3.5, shares Comedy 3/3.5 = 0.8571429 and
     * Thriller 0.5/3.5 = 0.1428571. Thriller's evidence is still only the t1 like; the dislike is its event against.
     */
    @Test
    void aDislikeLowersTheFacetShareAndIsNoEvidence() {
        InterestProfiler profiler = new InterestProfiler(catalog());
        InterestProfile before = profiler.profile(dataset(likes()), 0, EventWeighting.DEFAULT);
        assertEquals(0.75, before.share("Comedy"), EPS);
        assertEquals(0.25, before.share("Thriller"), EPS);
        assertEquals(4.0, before.activity(), EPS);

        InterestProfile after = profiler.profile(dataset(likesAndDislike()), 0, EventWeighting.DEFAULT);
        assertEquals(5, after.numEvents());
        assertEquals(3.5, after.activity(), 1e-12);
        assertEquals(3.0 / 3.5, after.share("Comedy"), 1e-12);
        assertEquals(0.5 / 3.5, after.share("Thriller"), 1e-12);
        assertEquals(0.1428571, after.share("Thriller"), 1e-7);
        assertTrue(after.share("Thriller") < before.share("Thriller"));

        InterestProfile.FacetInterest thriller = after.facet("Thriller").orElseThrow();
        assertEquals(0.5, thriller.weight(), 1e-12);
        assertEquals(List.of(T1), thriller.evidence().stream().map(InterestProfile.Evidence::item).toList());
        assertTrue(thriller.evidence().stream().allMatch(ev -> ev.weight() > 0));
        assertEquals(1, thriller.against().size());
        InterestProfile.Evidence against = thriller.against().get(0);
        assertEquals(0, against.position());
        assertEquals(T2, against.item());
        assertEquals(-0.5, against.contribution(), 1e-12);
        assertTrue(after.facet("Comedy").orElseThrow().against().isEmpty());
        assertTrue(after.toText("uma", 5, 5).contains("1 event, 1 against"), after.toText("uma", 5, 5));
    }

    /** Two dislikes (-0.5 each) outweigh the one Thriller like: I = 1.0 - 1.0 = 0, so Thriller leaves the profile. */
    @Test
    void aFacetOutweighedByDislikesTakesNoShare() {
        List<Ev> events = new ArrayList<>(likesAndDislike());
        events.add(new Ev(T3, 0, "not_interested", 0));
        InterestProfile p = new InterestProfiler(catalog()).profile(dataset(events), 0, EventWeighting.DEFAULT);
        assertTrue(p.facet("Thriller").isEmpty());
        assertEquals(1.0, p.share("Comedy"), 0.0);
        assertEquals(3.0, p.activity(), 1e-12);
    }

    // ---- Additive models

    /**
     * The profile model (SQRT norm, one facet per item, so s_j = I of the item's genre): the unseen Thriller t3
     * scores I_Thriller = 1.0 before and 1.0 - 0.5 = 0.5 after the dislike; the unseen Comedy c4 stays at 3.0.
     */
    @Test
    void profileModelScoresTheDislikedFacetLower() {
        ProfileModel model = new ProfileModel(catalog(), ProfileModel.Config.DEFAULT);
        double[] before = new double[ITEMS.size()];
        double[] after = new double[ITEMS.size()];
        model.score(HistoryBuilder.build(dataset(likes()), 0, model.weighting()), before);
        model.score(HistoryBuilder.build(dataset(likesAndDislike()), 0, model.weighting()), after);
        assertEquals(1.0, before[T3], 1e-12);
        assertEquals(0.5, after[T3], 1e-12);
        assertEquals(3.0, before[C4], 1e-12);
        assertEquals(3.0, after[C4], 1e-12);
    }

    /**
     * EASE on the binary history, with B[t2][t3] = 0.5, B[t1][t3] = 0.25, B[c1][c4] = 0.5 and 0 elsewhere:
     * s_t3 = 0.25 before and 0.25 + (-1) * 0.5 = -0.25 after the dislike of t2; s_c4 = 0.5 both times.
     */
    @Test
    void easeOnTheBinaryHistoryScoresItemsNearTheDislikeLower() {
        int n = ITEMS.size();
        float[] b = new float[n * n];
        b[T2 * n + T3] = 0.5f;
        b[T1 * n + T3] = 0.25f;
        b[C4] = 0.5f;
        Ease ease = Ease.ofWeights(n, 1.0, b);
        double[] before = new double[n];
        double[] after = new double[n];
        ease.score(Histories.binary(dataset(likes()), 0), before);
        ease.score(Histories.binary(dataset(likesAndDislike()), 0), after);
        assertEquals(0.25, before[T3], 0.0);
        assertEquals(-0.25, after[T3], 0.0);
        assertEquals(0.5, before[C4], 0.0);
        assertEquals(0.5, after[C4], 0.0);
    }
}
