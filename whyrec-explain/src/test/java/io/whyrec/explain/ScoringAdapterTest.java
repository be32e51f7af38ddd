package io.whyrec.explain;

import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.explain.shap.KernelShapConfig;
import io.whyrec.explain.shap.KernelShapExplainer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adapter's shortcuts must be faithful: masked scores of an additive model (sums of contributions) equal a
 * real re-scoring of the masked history, and the listed-mask path equals the boolean-mask path for any model.
 */
class ScoringAdapterTest {

    @Test
    void maskedScoresEqualARealRescoring() {
        SplittableRandom rnd = new SplittableRandom(31);
        double[][] b = ToyModels.randomB(70, rnd);
        History h = ToyModels.randomHistory(0, 40, 70, rnd);
        double[] full = new double[70];
        for (ItemScorer model : List.of(new ToyModels.Linear(b), new ToyModels.Sigmoid(b), new ToyModels.Max(b))) {
            MaskedScore f = new ScoringAdapter(model).masked(h, 9);
            for (int trial = 0; trial < 50; trial++) {
                boolean[] keep = new boolean[h.size()];
                int[] kept = new int[h.size()];
                int[] removed = new int[h.size()];
                int nk = 0;
                int nr = 0;
                for (int t = 0; t < keep.length; t++) {
                    keep[t] = rnd.nextBoolean();
                    if (keep[t]) {
                        kept[nk++] = t;
                    } else {
                        removed[nr++] = t;
                    }
                }
                model.score(h.keep(keep), full);
                assertEquals(full[9], f.apply(keep), 1e-9);
                assertEquals(full[9], f.applyListed(kept, nk, true), 1e-9);
                assertEquals(full[9], f.applyListed(removed, nr, false), 1e-9);
            }
        }
    }

    @Test
    void rankFollowsTheRecommenderTieRule() {
        // scores 3, 5, 5, 1 with item 0 excluded: item 2 ties item 1 and loses by index -> rank 2
        double[] s = {3, 5, 5, 1};
        assertEquals(2, ScoringAdapter.rankOf(s, 2, i -> i == 0));
        assertEquals(1, ScoringAdapter.rankOf(s, 1, i -> i == 0));
        assertEquals(3, ScoringAdapter.rankOf(s, 3, i -> i == 0));
    }

    @Test
    void kernelShapEfficiencyHoldsOnALongNonAdditiveHistory() {
        SplittableRandom rnd = new SplittableRandom(12);
        ToyModels.Sigmoid model = new ToyModels.Sigmoid(ExplainersTest.scaled(ToyModels.randomB(100, rnd), 0.1));
        History h = ToyModels.randomHistory(0, 60, 100, rnd);
        Explanation x = new KernelShapExplainer(model, null, new KernelShapConfig(512, true), new SplittableRandom(1))
                .explain(h, 5);
        double sum = 0;
        for (double c : x.contributions()) {
            sum += c;
        }
        assertEquals(x.score() - x.baseline(), sum, 1e-12);
        assertTrue(x.fidelity().get(Fidelity.SHAP_EFFICIENCY_GAP) < 1e-12);
        assertEquals(514.0, x.fidelity().get(Fidelity.EVALUATIONS), 0.0);
    }
}
