package io.whyrec.text.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.Models;
import io.whyrec.core.profile.Histories;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import io.whyrec.text.TextModels;
import io.whyrec.text.embed.EmbeddingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HybridModelTest {

    static final Dataset DATA = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(120, 150), 9).dataset();
    static final EmbeddingSource SOURCE = new EmbeddingSource(EmbeddingConfig.defaults().withCacheDir(null));

    static HybridModel fit(double blend) {
        HybridSpec spec = new HybridSpec(SOURCE);
        return (HybridModel) spec.fit(DATA, new HybridConfig(200, blend, EmbeddingConfig.Choice.HASHING), Progress.NONE);
    }

    static int[] top(Recommender m, History h) {
        java.util.BitSet seen = new java.util.BitSet();
        for (int i : h.items()) {
            seen.set(i);
        }
        return m.recommend(h, 10, seen::get).stream().mapToInt(ScoredItem::item).toArray();
    }

    @Test
    void contributionsSumToTheBlendedScore() {
        HybridModel m = fit(0.3);
        for (int u = 0; u < 10; u++) {
            History h = Histories.binary(DATA, u);
            double[] s = new double[m.numItems()];
            m.score(h, s);
            for (int j : new int[] {0, 17, 149}) {
                double sum = 0;
                for (double c : m.contributions(h, j)) {
                    sum += c;
                }
                assertEquals(s[j], sum, 1e-9, "user " + u + " item " + j);
            }
        }
    }

    @Test
    void blendZeroRanksAsEaseAndBlendOneAsContent() {
        HybridModel zero = fit(0.0);
        HybridModel one = fit(1.0);
        Ease ease = (Ease) Models.require("ease").fit(DATA, castConfig(200), Progress.NONE);
        ContentModel content = new ContentModel(SOURCE.of(DATA.catalog(), EmbeddingConfig.Choice.HASHING,
                Progress.NONE), ContentConfig.DEFAULT.withEncoder(EmbeddingConfig.Choice.HASHING));
        for (int u = 0; u < 10; u++) {
            History h = Histories.binary(DATA, u);
            assertEquals(java.util.Arrays.toString(top(ease, h)), java.util.Arrays.toString(top(zero, h)));
            assertEquals(java.util.Arrays.toString(top(content, h)), java.util.Arrays.toString(top(one, h)));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <C> C castConfig(double lambda) {
        return (C) new io.whyrec.core.model.EaseConfig(lambda);
    }

    @Test
    void registeredUnderTheirNamesWithATuningGridThatIncludesPlainEase() {
        TextModels.register(EmbeddingConfig.defaults().withCacheDir(null));
        assertTrue(Models.names().containsAll(List.of("content", "hybrid")), Models.names().toString());
        List<HybridConfig> grid = new HybridSpec(SOURCE).tuningGrid();
        assertEquals(35, grid.size());
        assertTrue(grid.stream().anyMatch(c -> c.blend() == 0.0));
        HybridConfig c = new HybridSpec(SOURCE).configure(Map.of("blend", "0.4", "lambda", "300"));
        assertEquals(0.4, c.blend());
        assertEquals(300.0, c.lambda());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new HybridSpec(SOURCE).configure(Map.of("blend", "1.5")));
    }
}
