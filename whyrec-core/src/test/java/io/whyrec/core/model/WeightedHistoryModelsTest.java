package io.whyrec.core.model;

import io.whyrec.core.config.Params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Item;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.Histories;
import io.whyrec.core.profile.HistoryBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EASE and ItemKNN with a history weighting: parsing of {@code weighting=binary|formula}, scores that are exactly
 * {@code sum_t w_t * B[i_t][j]} with the weights {@link HistoryBuilder} discloses, the history
 * {@link ModelHistories#of} hands them, the model-file round trip, and that the default stays the binary model.
 *
 * <p>The fixture is the tiny matrix of {@link Fixtures#tiny} (u0 = {0, 1}, u1 = {1, 2}, u2 = {0, 1, 2}, u3 = {2})
 * as a dataset with days and ratings:
 * <pre>
 *   u0: item 0 day 0 rating 5; item 1 day 180 rating 4
 *   u1: item 1 day 0 rating 3; item 2 day 10 rating 2
 *   u2: item 0 day 0 rating 5; item 1 day 30 rating 3; item 1 day 90 rating 5; item 2 day 90 "dislike"
 *   u3: item 2 day 0 rating 4
 * </pre>
 * With EASE lambda = 1, B = [[0, 6/11, 0], [1/2, 0, 1/2], [0, 4/11, 0]] (worked out in {@code EaseTest}).
 *
 * <p>Default weighting (alpha 0.3, beta 0.7, half-life 180 days, h = rating / 5), ages from the user's last event:
 * <pre>
 *   u0 (now = day 180): each item once, f = 1.
 *     item 0: h = 1,   decay 2^-1 = 0.5  -> w = (0.3 + 0.7) * 0.5  = 0.5
 *     item 1: h = 0.8, decay 1          -> w = 0.3 + 0.56          = 0.86
 *     s = 0.5 B[0] + 0.86 B[1] = [0.43, 3/11, 0.43]          (binary: B[0] + B[1] = [0.5, 6/11, 0.5])
 *   u2 (now = day 90): in favour, item 1 twice (max 2), so f(item 0) = 0.5, f(item 1) = 1; the dislike is the only
 *   event against, f = 1, h = 1 (no heat weight for "dislike").
 *     item 0 day 0:  (0.3 * 0.5 + 0.7 * 1)   * 2^-0.5  = 0.85 * 0.70710678 = 0.60104076
 *     item 1 day 30: (0.3 * 1 + 0.7 * 0.6)   * 2^-1/3  = 0.72 * 0.79370053 = 0.57146438
 *     item 1 day 90: (0.3 + 0.7) * 1                                         = 1
 *     item 2 day 90: -(0.3 + 0.7) * 1                                        = -1
 *     s0 = (0.57146438 + 1) * 1/2                    = 0.78573219
 *     s1 = 0.60104076 * 6/11 - 1 * 4/11              = -0.03579595
 *     s2 = (0.57146438 + 1) * 1/2                    = 0.78573219
 *   (binary u2: items 0, 1 once with weight 1 and item 2 with -1: s = B[0] + B[1] - B[2] = [0.5, 2/11, 0.5])
 * </pre>
 */
class WeightedHistoryModelsTest {

    private static final long T0 = 1_704_067_200L;
    private static final long DAY = 86_400L;

    @TempDir
    Path dir;

    /** One event of the fixture. */
    private record Ev(int user, int item, long day, String type, float value) {
    }

    private static Dataset data() {
        List<Ev> events = List.of(
                new Ev(0, 0, 0, "rating", 5), new Ev(0, 1, 180, "rating", 4),
                new Ev(1, 1, 0, "rating", 3), new Ev(1, 2, 10, "rating", 2),
                new Ev(2, 0, 0, "rating", 5), new Ev(2, 1, 30, "rating", 3), new Ev(2, 1, 90, "rating", 5),
                new Ev(2, 2, 90, "dislike", 1),
                new Ev(3, 2, 0, "rating", 4));
        List<String> types = List.of("rating", "dislike");
        int n = events.size();
        int[] user = new int[n];
        int[] item = new int[n];
        long[] time = new long[n];
        float[] value = new float[n];
        short[] type = new short[n];
        for (int i = 0; i < n; i++) {
            Ev e = events.get(i);
            user[i] = e.user();
            item[i] = e.item();
            time[i] = T0 + e.day() * DAY;
            value[i] = e.value();
            type[i] = (short) types.indexOf(e.type());
        }
        List<String> ids = List.of("a", "b", "c");
        Map<String, Item> meta = new LinkedHashMap<>();
        for (String id : ids) {
            meta.put(id, new Item(id, id.toUpperCase(), "", List.of()));
        }
        return Dataset.fromColumns(IdIndex.of(List.of("u0", "u1", "u2", "u3")), ItemCatalog.of(IdIndex.of(ids), meta),
                types, user, item, time, value, type);
    }

    private static EaseConfig ease(String... kv) {
        return new EaseSpec().configure(settings(kv));
    }

    private static Map<String, String> settings(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String easeError(String... kv) {
        return assertThrows(IllegalArgumentException.class, () -> ease(kv)).getMessage();
    }

    // ---- configuration

    @Test
    void binaryIsTheDefaultAndCanBeNamed() {
        assertNull(ease().weighting());
        assertTrue(ease().binary());
        assertEquals(EaseConfig.defaults(), ease());
        assertEquals(new EaseConfig(250), ease("lambda", "250", "weighting", "binary"));
        assertEquals(new EaseConfig(250), ease("lambda", "250", "weighting", " Binary "));
        assertEquals(ItemKnnConfig.defaults(), new ItemKnnSpec().configure(Map.of("weighting", "binary")));
    }

    @Test
    void formulaTakesTheWeightingKeysOnTopOfTheDefault() {
        assertEquals(new EaseConfig(500, EventWeighting.DEFAULT), ease("weighting", "formula"));
        EaseConfig heatOnly = ease("weighting", "formula", "lambda", "400", "alpha", "0", "beta", "1",
                "halfLifeDays", "60");
        assertEquals(new EaseConfig(400, EventWeighting.DEFAULT.withMix(0, 1).withHalfLifeDays(60)), heatOnly);
        assertFalse(heatOnly.binary());
        assertEquals(0.0, ease("weighting", "formula", "halfLifeDays", "inf").weighting().lambdaPerDay());
        assertEquals(EventWeighting.HeatSource.CONSTANT,
                ease("weighting", "formula", "heat", "constant").weighting().heatSource());
        ItemKnnConfig knn = new ItemKnnSpec().configure(settings("k", "50", "weighting", "formula",
                "negativeTypes", "skip", "negativeBelowRating", "2"));
        assertEquals(50, knn.neighbours());
        assertEquals(ItemKnnConfig.DEFAULT_SHRINKAGE, knn.shrinkage());
        assertEquals(java.util.Set.of("skip"), knn.weighting().negativeTypes());
        assertEquals(2.0, knn.weighting().negativeBelowRating());
    }

    @Test
    void badWeightingSettingsNameTheModelAndTheKey() {
        assertEquals("ease: parameter 'weighting' must be binary or formula, got 'heavy'",
                easeError("weighting", "heavy"));
        assertEquals("ease: parameter 'alpha' needs weighting=formula (the default weighting=binary reads no "
                + "formula parameter)", easeError("alpha", "0.5"));
        assertEquals("ease: parameter 'halfLifeDays' needs weighting=formula (weighting=binary reads no "
                + "formula parameter)", easeError("weighting", "binary", "halfLifeDays", "60"));
        assertEquals("ease: parameter 'alpha' must be a number >= 0, got 'x'",
                easeError("weighting", "formula", "alpha", "x"));
        String negative = easeError("weighting", "formula", "halfLifeDays", "-3");
        assertEquals("ease: parameter 'halfLifeDays' must be a number or inf > 0, got '-3'", negative);
        String both = easeError("weighting", "formula", "alpha", "0", "beta", "0");
        assertTrue(both.startsWith("ease: alpha"), both);
        String heat = easeError("weighting", "formula", "heat", "loud");
        assertEquals("ease: parameter 'heat' must be one of rating|event-type|dwell|constant|auto, got 'loud'", heat);
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> new ItemKnnSpec().configure(Map.of("alfa", "1"))).getMessage();
        assertTrue(unknown.startsWith("itemknn: unknown parameter 'alfa' (known: alpha, beta, "), unknown);
        assertTrue(unknown.contains("weighting"), unknown);
        String knn = assertThrows(IllegalArgumentException.class,
                () -> new ItemKnnSpec().configure(Map.of("weighting", "formula", "beta", "-1")))
                .getMessage();
        assertEquals("itemknn: parameter 'beta' must be a number >= 0, got '-1'", knn);
    }

    @Test
    void gridsKeepTheBinaryConfigurationsFirstAndAddFormulaWeightings() {
        List<EaseConfig> ease = new EaseSpec().tuningGrid();
        assertEquals(16, ease.size());
        assertEquals(16, ease.stream().distinct().count());
        for (int g = 0; g < EaseSpec.GRID_LAMBDA.length; g++) {
            assertEquals(new EaseConfig(EaseSpec.GRID_LAMBDA[g]), ease.get(g));
        }
        assertTrue(ease.contains(new EaseConfig(400, EventWeighting.DEFAULT)));
        assertTrue(ease.contains(new EaseConfig(200, EventWeighting.DEFAULT.withHalfLifeDays(60))));
        assertTrue(ease.contains(new EaseConfig(800, EventWeighting.DEFAULT.withMix(0, 1))));
        List<ItemKnnConfig> knn = new ItemKnnSpec().tuningGrid();
        assertEquals(18, knn.size());
        assertEquals(18, knn.stream().distinct().count());
        assertTrue(knn.subList(0, 12).stream().allMatch(ItemKnnConfig::binary));
        assertTrue(knn.subList(12, 18).stream().noneMatch(ItemKnnConfig::binary));
        assertTrue(knn.contains(new ItemKnnConfig(200, 10, EventWeighting.DEFAULT.withMix(0, 1))));
    }

    // ---- scoring the disclosed weights

    @Test
    void weightedEaseScoresTheHistoryBuilderWeightsExactly() {
        Dataset d = data();
        Recommender model = new EaseSpec().fit(d, new EaseConfig(1.0, EventWeighting.DEFAULT), Progress.NONE);
        Ease ease = assertInstanceOf(Ease.class, model);
        WeightedHistoryModel weighted = assertInstanceOf(WeightedHistoryModel.class, model);
        assertEquals(EventWeighting.DEFAULT, weighted.weighting());

        History h0 = ModelHistories.of(model, d, 0);
        assertEquals(HistoryBuilder.build(d, 0, EventWeighting.DEFAULT), h0);
        assertArrayEquals(new double[] {0.5, 0.86}, h0.events().stream().mapToDouble(e -> e.weight()).toArray(),
                1e-12);
        assertArrayEquals(new double[] {0.43, 3.0 / 11, 0.43}, Fixtures.scores(model, h0), 1e-6);

        History h2 = ModelHistories.of(model, d, 2);
        double[] w = h2.events().stream().mapToDouble(e -> e.weight()).toArray();
        assertArrayEquals(new double[] {0.85 * Math.pow(2, -0.5), 0.72 * Math.pow(2, -1.0 / 3), 1.0, -1.0}, w, 1e-12);
        double[] s2 = Fixtures.scores(model, h2);
        assertArrayEquals(new double[] {0.78573219, -0.03579595, 0.78573219}, s2, 1e-6);
        // exactly sum_t w_t * B[i_t][j] with the model's own weights, and the contributions add up to it
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (int t = 0; t < h2.size(); t++) {
                sum += h2.event(t).weight() * ease.weight(h2.event(t).item(), j);
            }
            assertEquals(sum, s2[j], 1e-12, "item " + j);
            double contributions = 0;
            for (double c : ease.contributions(h2, j)) {
                contributions += c;
            }
            assertEquals(s2[j], contributions, 1e-12, "item " + j);
        }
        assertTrue(ease.contributions(h2, 1)[3] < 0, "the dislike lowers the score of the item it would raise");
    }

    @Test
    void weightedItemKnnScoresTheHistoryBuilderWeights() {
        Dataset d = data();
        Recommender model = new ItemKnnSpec().fit(d, new ItemKnnConfig(10, 1.0, EventWeighting.DEFAULT),
                Progress.NONE);
        ItemKnn knn = assertInstanceOf(ItemKnn.class, model);
        assertInstanceOf(WeightedHistoryModel.class, model);
        History h0 = ModelHistories.of(model, d, 0);
        assertEquals(HistoryBuilder.build(d, 0, EventWeighting.DEFAULT), h0);
        double s01 = ItemKnn.similarity(2, 3, 2, 1.0);
        double s02 = ItemKnn.similarity(2, 3, 1, 1.0);
        double s12 = ItemKnn.similarity(3, 3, 2, 1.0);
        // s = 0.5 S[0] + 0.86 S[1]
        assertArrayEquals(new double[] {0.86 * s01, 0.5 * s01, 0.5 * s02 + 0.86 * s12}, Fixtures.scores(model, h0), 1e-6);
        double[] s = Fixtures.scores(model, h0);
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (double c : knn.contributions(h0, j)) {
                sum += c;
            }
            assertEquals(s[j], sum, 1e-12);
        }
    }

    @Test
    void binaryModelsGetTheBinaryHistory() {
        Dataset d = data();
        for (Recommender model : List.of(new EaseSpec().fit(d, new EaseConfig(1.0), Progress.NONE),
                new ItemKnnSpec().fit(d, new ItemKnnConfig(10, 1.0), Progress.NONE))) {
            assertFalse(model instanceof WeightedHistoryModel, model.name());
            for (int u = 0; u < d.numUsers(); u++) {
                assertEquals(Histories.binary(d, u), ModelHistories.of(model, d, u), model.name() + " user " + u);
            }
        }
        Recommender ease = new EaseSpec().fit(d, new EaseConfig(1.0), Progress.NONE);
        assertArrayEquals(new double[] {0.5, 6.0 / 11, 0.5}, Fixtures.scores(ease, ModelHistories.of(ease, d, 0)), 1e-6);
        assertArrayEquals(new double[] {0.5, 2.0 / 11, 0.5}, Fixtures.scores(ease, ModelHistories.of(ease, d, 2)), 1e-6);
    }

    /**
     * The default configuration is the binary model bit for bit: the same weights as a fit with the one-argument
     * config, the binary history, the same scores; and a weighting leaves the fitted weights unchanged.
     */
    @Test
    void theDefaultIsTheBinaryModelBitForBit() {
        Dataset d = data();
        Ease before = Ease.fit(BinaryMatrix.of(d), new EaseConfig(EaseConfig.DEFAULT_LAMBDA), Progress.NONE);
        Recommender now = new EaseSpec().fit(d, new EaseSpec().configure(Map.of()), Progress.NONE);
        Ease weighted = Ease.fit(BinaryMatrix.of(d), new EaseConfig(EaseConfig.DEFAULT_LAMBDA,
                EventWeighting.DEFAULT), Progress.NONE);
        assertEquals(Map.of("lambda", 500.0, "weighting", "binary"), now.params());
        for (int u = 0; u < d.numUsers(); u++) {
            History binary = Histories.binary(d, u);
            assertArrayEquals(Fixtures.scores(before, binary), Fixtures.scores(now, ModelHistories.of(now, d, u)), 0.0);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(before.weight(i, j), weighted.weight(i, j), 0.0);
            }
        }
        Recommender knnDefault = new ItemKnnSpec().fit(d, new ItemKnnSpec().configure(Map.of()), Progress.NONE);
        ItemKnn knnBefore = ItemKnn.fit(BinaryMatrix.of(d), new ItemKnnConfig(100, 10.0), Progress.NONE);
        assertEquals(Map.of("k", 100, "shrinkage", 10.0, "weighting", "binary"), knnDefault.params());
        for (int u = 0; u < d.numUsers(); u++) {
            History binary = Histories.binary(d, u);
            assertArrayEquals(Fixtures.scores(knnBefore, binary), Fixtures.scores(knnDefault, ModelHistories.of(knnDefault, d, u)), 0.0);
        }
    }

    // ---- persistence

    @Test
    void modelFilesKeepTheWeightingAndTheScores() throws IOException {
        Dataset d = data();
        EventWeighting custom = EventWeighting.DEFAULT.withMix(0.1, 0.9).withHalfLifeDays(Double.POSITIVE_INFINITY)
                .withEventTypeWeights(Map.of("dislike", 0.5, "view", 0.2))
                .override(Params.of("weighting", Map.of("negativeTypes", "dislike|skip", "negativeBelowRating", "2", "windowDays", "30"), EventWeighting.KEYS));
        List<Recommender> models = List.of(
                new EaseSpec().fit(d, new EaseConfig(1.0, EventWeighting.DEFAULT), Progress.NONE),
                new EaseSpec().fit(d, new EaseConfig(2.0, EventWeighting.DEFAULT.withHalfLifeDays(60)), Progress.NONE),
                new EaseSpec().fit(d, new EaseConfig(3.0, custom), Progress.NONE),
                new EaseSpec().fit(d, new EaseConfig(1.0), Progress.NONE),
                new ItemKnnSpec().fit(d, new ItemKnnConfig(5, 1.0, custom), Progress.NONE),
                new ItemKnnSpec().fit(d, new ItemKnnConfig(5, 1.0, EventWeighting.DEFAULT.withMix(0, 1)),
                        Progress.NONE),
                new ItemKnnSpec().fit(d, new ItemKnnConfig(5, 1.0), Progress.NONE));
        int f = 0;
        for (Recommender model : models) {
            Path file = dir.resolve("m" + (f++) + ".whyrec");
            ModelFiles.save(model, file);
            Recommender loaded = Models.load(file);
            assertEquals(model.getClass(), loaded.getClass());
            assertEquals(model.params(), loaded.params());
            Object config = model instanceof Ease e ? e.config() : ((ItemKnn) model).config();
            Object loadedConfig = loaded instanceof Ease e ? e.config() : ((ItemKnn) loaded).config();
            assertEquals(config, loadedConfig, model.params().toString());
            assertEquals(model instanceof WeightedHistoryModel, loaded instanceof WeightedHistoryModel);
            for (int u = 0; u < d.numUsers(); u++) {
                History h = ModelHistories.of(model, d, u);
                assertEquals(h, ModelHistories.of(loaded, d, u));
                assertArrayEquals(Fixtures.scores(model, h), Fixtures.scores(loaded, h), 0.0, model.params() + " user " + u);
            }
        }
        assertEquals("formula", models.get(0).params().get("weighting"));
        assertEquals(0.3, models.get(0).params().get("alpha"));
        assertEquals(60.0, (double) models.get(1).params().get("halfLifeDays"), 1e-9);
        assertEquals(Map.of("dislike", 0.5, "view", 0.2), models.get(2).params().get("eventTypeWeights"));
    }

    /** A file written before EASE and ItemKNN took a weighting has no "weighting" parameter: it reads as binary. */
    @Test
    void filesWithoutAWeightingReadAsBinary() throws IOException {
        Ease ease = Ease.fit(Fixtures.tiny(), new EaseConfig(1.0), Progress.NONE);
        Ease old = Ease.readPayload(Map.of("lambda", 1.0),
                new DataInputStream(new ByteArrayInputStream(payload(ease))));
        assertFalse(old instanceof WeightedHistoryModel);
        assertNull(old.config().weighting());
        assertEquals(ease.params(), old.params());
        ItemKnn knn = ItemKnn.fit(Fixtures.tiny(), new ItemKnnConfig(2, 1.0), Progress.NONE);
        ItemKnn oldKnn = ItemKnn.readPayload(Map.of("k", 2, "shrinkage", 1.0),
                new DataInputStream(new ByteArrayInputStream(payload(knn))));
        assertFalse(oldKnn instanceof WeightedHistoryModel);
        assertEquals(knn.params(), oldKnn.params());
        IOException bad = assertThrows(IOException.class, () -> Ease.readPayload(
                Map.of("lambda", 1.0, "weighting", "heavy"),
                new DataInputStream(new ByteArrayInputStream(payload(ease)))));
        assertTrue(bad.getMessage().contains("'weighting'"), bad.getMessage());
        IOException noDecay = assertThrows(IOException.class, () -> Ease.readPayload(
                Map.of("lambda", 1.0, "weighting", "formula"),
                new DataInputStream(new ByteArrayInputStream(payload(ease)))));
        assertTrue(noDecay.getMessage().contains("'lambdaPerDay'"), noDecay.getMessage());
    }

    private static byte[] payload(AdditiveScorer model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ((io.whyrec.core.files.PersistentModel) model).writePayload(out);
        }
        return bytes.toByteArray();
    }
}
