package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.profile.Histories;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EaseIalsBlendTest {

    /** A seeded synthetic catalogue: 120 users, 150 items. */
    static final Dataset DATA = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(120, 150), 9).dataset();
    /** A small iALS part, so the fits stay quick. */
    static final IalsConfig IALS = new IalsConfig(8, 5.0, 5.0, 6, 3, null);

    @TempDir
    Path dir;

    static EaseIalsBlend fit(EaseIalsBlendSpec spec, double lambda, double blend) {
        return (EaseIalsBlend) spec.fit(DATA, new EaseIalsBlendConfig(lambda, IALS, blend), Progress.NONE);
    }

    static int[] top(Recommender m, History h) {
        BitSet seen = new BitSet();
        for (int i : h.items()) {
            seen.set(i);
        }
        return m.recommend(h, 10, seen::get).stream().mapToInt(ScoredItem::item).toArray();
    }

    /** A messy history over the 150 items ({@link Fixtures#messyHistory}). */
    static History messyHistory(long seed) {
        return Fixtures.messyHistory(150, seed);
    }

    @Test
    void contributionsSumToTheScore() {
        EaseIalsBlend m = fit(new EaseIalsBlendSpec(), 200, 0.3);
        int[] all = IntStream.range(0, m.numItems()).toArray();
        List<History> histories = new ArrayList<>();
        for (int u = 0; u < 8; u++) {
            histories.add(Histories.binary(DATA, u));
        }
        for (long seed = 0; seed < 8; seed++) {
            histories.add(messyHistory(seed));
        }
        for (History h : histories) {
            double[] s = Fixtures.scores(m, h);
            double[][] batch = m.contributions(h, all);
            for (int j : new int[] {0, 17, 80, 149}) {
                double abs = Fixtures.assertExactContributions(m, h, j, s[j], batch[j], "item " + j + " of " + h);
                assertTrue(abs > 0, "no contribution at all for item " + j);
            }
            // standardised per history: the blended score has mean 0 over the catalogue
            assertEquals(0.0, Arrays.stream(s).sum() / s.length, 1e-9);
        }
    }

    /** iALS's contributions to x_u^T v for v = y_j are item j's contributions; for a sum of vectors the sum. */
    @Test
    void ialsContributionsToAVectorAreLinearInIt() {
        Ials ials = Ials.fit(DATA, IALS, Progress.NONE);
        int k = IALS.factors();
        for (long seed = 0; seed < 5; seed++) {
            History h = messyHistory(seed);
            double[] y3 = new double[k];
            double[] y9 = new double[k];
            double[] sum = new double[k];
            for (int f = 0; f < k; f++) {
                y3[f] = ials.itemFactor(3, f);
                y9[f] = ials.itemFactor(9, f);
                sum[f] = y3[f] + y9[f];
            }
            double[][] c = ials.contributionsTo(h, new double[][] {y3, y9, sum});
            assertArrayEquals(ials.contributions(h, 3), c[0], 0.0);
            assertArrayEquals(ials.contributions(h, 9), c[1], 0.0);
            for (int t = 0; t < h.size(); t++) {
                assertEquals(c[0][t] + c[1][t], c[2][t], 1e-12 * (1 + Math.abs(c[2][t])));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ials.contributionsTo(messyHistory(1),
                new double[][] {new double[k + 1]}));
    }

    @Test
    void blendZeroRanksAsEaseAndBlendOneAsIals() {
        EaseIalsBlendSpec spec = new EaseIalsBlendSpec();
        EaseIalsBlend zero = fit(spec, 200, 0.0);
        EaseIalsBlend one = fit(spec, 200, 1.0);
        Ease ease = Ease.fit(BinaryMatrix.of(DATA), new EaseConfig(200), Progress.NONE);
        Ials ials = Ials.fit(DATA, IALS, Progress.NONE);
        EaseIalsBlend half = fit(spec, 200, 0.5);
        int differ = 0;
        for (int u = 0; u < 20; u++) {
            History h = Histories.binary(DATA, u);
            assertEquals(Arrays.toString(top(ease, h)), Arrays.toString(top(zero, h)), "user " + u);
            assertEquals(Arrays.toString(top(ials, h)), Arrays.toString(top(one, h)), "user " + u);
            if (!Arrays.equals(top(ease, h), top(half, h)) && !Arrays.equals(top(ials, h), top(half, h))) {
                differ++;
            }
        }
        assertTrue(differ > 0, "blend 0.5 ranks as one of its parts for every user");
    }

    @Test
    void roundTripsThroughTheModelFiles() throws IOException {
        EaseIalsBlend model = fit(new EaseIalsBlendSpec(), 300, 0.3);
        Path file = dir.resolve("blend.whyrec");
        List<String> ids = IntStream.range(0, model.numItems()).mapToObj(i -> "item" + i).toList();
        ModelFiles.save(model, file, ids, 99L);
        ModelFiles.ModelFile read = Models.read(file);
        EaseIalsBlend loaded = assertInstanceOf(EaseIalsBlend.class, read.model());
        assertEquals(model.params(), loaded.params());
        assertEquals(model.config(), loaded.config());
        assertEquals(ids, read.itemIds());
        for (long seed = 0; seed < 5; seed++) {
            History h = messyHistory(seed);
            assertArrayEquals(Fixtures.scores(model, h), Fixtures.scores(loaded, h), 0.0);
            assertArrayEquals(model.contributions(h, 42), loaded.contributions(h, 42), 0.0);
        }
    }

    /**
     * A muted event is no event at all, as for iALS. Removing the top-contributing event changes the score by
     * exactly its contribution only for a linear model (the EASE part on its own); the blend's standardisation
     * and iALS's W_u depend on the history, so there the change is what re-scoring the shorter history gives,
     * and the shorter history's contributions again sum to that score.
     */
    @Test
    void removingAnEventIsRescoredNotSubtracted() {
        EaseIalsBlend m = fit(new EaseIalsBlendSpec(), 200, 0.3);
        Ease ease = m.ease();
        int nonLinear = 0;
        for (int u = 0; u < 10; u++) {
            History h = Histories.binary(DATA, u);
            int item = top(m, h)[0];
            double[] c = m.contributions(h, item);
            int best = 0;
            for (int t = 1; t < c.length; t++) {
                best = c[t] > c[best] ? t : best;
            }
            boolean[] keep = new boolean[h.size()];
            Arrays.fill(keep, true);
            keep[best] = false;
            History removed = h.keep(keep);
            List<WeightedEvent> mutedEvents = new ArrayList<>(h.events());
            mutedEvents.set(best, mutedEvents.get(best).withWeight(0.0));
            History muted = new History(h.user(), mutedEvents);
            assertArrayEquals(Fixtures.scores(m, removed), Fixtures.scores(m, muted), 0.0, "a muted event is not a removed one");

            double[] ec = ease.contributions(h, item);
            double easeDrop = Fixtures.scores(ease, h)[item] - Fixtures.scores(ease, removed)[item];
            assertEquals(ec[best], easeDrop, 1e-9 * Math.abs(ec[best]) + 1e-12, "EASE is linear in its events");

            double after = Fixtures.scores(m, removed)[item];
            double sum = Arrays.stream(m.contributions(removed, item)).sum();
            assertEquals(after, sum, 1e-9 * Math.max(1, Math.abs(after)));
            double drop = Fixtures.scores(m, h)[item] - after;
            if (Math.abs(drop - c[best]) > 1e-6 * Math.abs(c[best])) {
                nonLinear++;
            }
        }
        assertTrue(nonLinear > 0, "the blend's removal effect equalled the contribution for every user");
    }

    @Test
    void theGridHoldsPlainEaseAndReusesTheFits() {
        EaseIalsBlendSpec spec = new EaseIalsBlendSpec();
        List<EaseIalsBlendConfig> grid = spec.tuningGrid();
        assertEquals(EaseIalsBlendSpec.GRID_SIZE, grid.size());
        assertEquals(EaseSpec.GRID_LAMBDA.length * EaseIalsBlendSpec.GRID_BLEND.length, grid.size());
        assertEquals(grid.size(), grid.stream().distinct().count());
        assertTrue(grid.stream().anyMatch(c -> c.blend() == 0.0));
        assertTrue(grid.stream().allMatch(c -> c.ials().equals(IalsConfig.defaults())));
        EaseIalsBlend a = fit(spec, 200, 0.0);
        EaseIalsBlend b = fit(spec, 200, 0.5);
        EaseIalsBlend c = fit(spec, 400, 0.5);
        assertSame(a.ease(), b.ease(), "the same lambda refits EASE");
        assertSame(a.ials(), c.ials(), "the same iALS configuration refits iALS");
        assertNotEquals(b.ease().weight(0, 1), c.ease().weight(0, 1));
        assertEquals(a.ease().weight(3, 7), Ease.fit(BinaryMatrix.of(DATA), new EaseConfig(200), Progress.NONE)
                .weight(3, 7), 0.0);
        assertTrue(Models.names().contains("blend"));
        assertInstanceOf(EaseIalsBlendSpec.class, Models.require("blend"));
    }

    private static String error(Map<String, String> overrides) {
        return assertThrows(IllegalArgumentException.class, () -> new EaseIalsBlendSpec().configure(overrides))
                .getMessage();
    }

    @Test
    void parsesParametersAndRejectsBadOnesClearly() {
        EaseIalsBlendSpec spec = new EaseIalsBlendSpec();
        assertEquals(EaseIalsBlendConfig.defaults(), spec.configure(Map.of()));
        EaseIalsBlendConfig c = spec.configure(Map.of("easeLambda", "300", "factors", "16", "ialsLambda", "20",
                "confidenceAlpha", "7", "iterations", "4", "seed", "5", "blend", "0.4"));
        assertEquals(new EaseIalsBlendConfig(300, new IalsConfig(16, 20, 7, 4, 5, null), 0.4), c);
        assertEquals(c, spec.configure(c.toSettings()));
        assertEquals("blend: parameter 'blend' must be a number in [0, 1], got '1.5'", error(Map.of("blend", "1.5")));
        assertEquals("blend: parameter 'easeLambda' must be a number > 0, got '0'", error(Map.of("easeLambda", "0")));
        assertTrue(error(Map.of("lambda", "3")).startsWith("blend: unknown parameter 'lambda' (known: "));
        Ease ease = Ease.fit(BinaryMatrix.of(DATA), new EaseConfig(200), Progress.NONE);
        Ials small = Ials.ofFactors(10, IALS, new double[10 * IALS.factors()]);
        assertEquals("blend: EASE scores 150 items, iALS 10", assertThrows(IllegalArgumentException.class,
                () -> new EaseIalsBlend(ease, small, 0.3)).getMessage());
    }
}
