package io.whyrec.eval.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.Ials;
import io.whyrec.core.model.IalsConfig;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualExplainer;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.testing.Ranks;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The counterfactuals of a fitted iALS model, checked by re-scoring. iALS folds the whole history into the user's
 * vector, so removing events changes every other event's contribution too: the search cannot read the new rank off
 * the attributions and must re-rank, and this test verifies that what it reports is what the model does. For
 * every item of every sampled user's top-10, a found set of removed events really drops the item out of the
 * top-10 (at the rank the search reports), every removed event is needed (putting any one back returns the item
 * to the top-10), and the items entering the list are the ones the re-scored top-10 gains.
 */
class IalsCounterfactualTest {

    private static final int K = 10;

    @Test
    void everyFoundSetReallyDropsTheItemAndIsOneMinimal() {
        Dataset data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(150, 200), 20261207L).dataset();
        Ials model = Ials.fit(data, new IalsConfig(16, 10, 5, 10, 42L, null), Progress.NONE);
        CounterfactualSearch search = new CounterfactualSearch(model, CounterfactualConfig.DEFAULT);
        CounterfactualExplainer explainer = new CounterfactualExplainer(new ExactExplainer(model, null), search);
        int found = 0;
        int total = 0;
        int removed = 0;
        for (int u = 0; u < data.numUsers(); u += 10) {
            History h = ModelHistories.of(model, data, u);
            double[] scores = new double[model.numItems()];
            model.score(h, scores);
            List<ScoredItem> top = Recommender.topK(scores, K, ScoringAdapter.itemsOf(h));
            for (ScoredItem s : top) {
                Explanation x = explainer.explain(h, s.item());
                Counterfactual cf = x.counterfactual();
                total++;
                if (!cf.found()) {
                    continue;
                }
                found++;
                removed += cf.size();
                boolean[] keep = new boolean[h.size()];
                Arrays.fill(keep, true);
                for (int p : cf.removedPositions()) {
                    keep[p] = false;
                }
                String what = "user " + u + " item " + s.item();
                int r = Ranks.rank(model, h, keep, s.item());
                assertEquals(cf.newRank(), r, what + ": the reported new rank");
                assertTrue(r > K, what + ": still in the top-" + K + " at rank " + r);
                for (int p : cf.removedPositions()) {
                    keep[p] = true;
                    assertTrue(Ranks.rank(model, h, keep, s.item()) <= K, what + ": event " + p + " was not needed");
                    keep[p] = false;
                }
                double[] after = new double[model.numItems()];
                model.score(h.keep(keep), after);
                Set<Integer> before = new HashSet<>();
                for (ScoredItem t : top) {
                    before.add(t.item());
                }
                List<Integer> entering = Recommender.topK(after, K, ScoringAdapter.itemsOf(h)).stream()
                        .map(ScoredItem::item).filter(i -> !before.contains(i)).toList();
                assertEquals(new HashSet<>(entering), new HashSet<>(cf.entering()),
                        what + ": the items entering the top-" + K);
                assertEquals(entering.size(), cf.entering().size(), what + ": entering items counted once");
            }
        }
        System.out.printf("iALS counterfactuals: %d of %d top-%d items, %d events removed in all%n", found, total, K,
                removed);
        assertTrue(found >= total / 2, found + " of " + total + " counterfactuals found");
    }
}
