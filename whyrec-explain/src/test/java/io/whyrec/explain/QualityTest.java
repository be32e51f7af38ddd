package io.whyrec.explain;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.lime.LimeConfig;
import io.whyrec.explain.lime.LimeExplainer;
import io.whyrec.explain.quality.CounterfactualCheck;
import io.whyrec.explain.quality.Coverage;
import io.whyrec.explain.quality.Curve;
import io.whyrec.explain.quality.DeletionCurve;
import io.whyrec.explain.quality.InsertionCurve;
import io.whyrec.explain.quality.MethodAgreement;
import io.whyrec.explain.quality.Stability;
import io.whyrec.explain.shap.KernelShapConfig;
import io.whyrec.explain.shap.KernelShapExplainer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explanation-quality measures on hand-computed fixtures and on random linear models. */
class QualityTest {

    private static History threeEvents() {
        return new History(0, List.of(WeightedEvent.unit(0, 1), WeightedEvent.unit(1, 2), WeightedEvent.unit(2, 3)));
    }

    @Test
    void deletionAndInsertionCurvesByHand() {
        // contributions to item 3: 1, 3, 2 (score 6); attribution order: e1, e2, e0
        // deletion  s/s0: 6/6, 3/6, 1/6, 0  -> AUC = 1/3 * ((1 + .5)/2 + (.5 + 1/6)/2 + (1/6 + 0)/2) = 7/18
        // insertion s/s0: 0, 3/6, 5/6, 1    -> AUC = 1/3 * ((0 + .5)/2 + (.5 + 5/6)/2 + (5/6 + 1)/2) = 11/18
        // with N = 4 > 3 events the curves stay at their last value: deletion adds a 0 point (AUC 7/24),
        // insertion a 1 point (AUC (11/6 + 1) / 4 = 17/24)
        double[][] b = new double[4][4];
        b[0][3] = 1;
        b[1][3] = 3;
        b[2][3] = 2;
        ToyModels.Linear model = new ToyModels.Linear(b);
        double[] attr = {1, 3, 2};
        Curve del = new DeletionCurve(model, 3).attributed(threeEvents(), 3, attr);
        assertArrayEquals(new double[] {1, 0.5, 1.0 / 6, 0}, del.values(), 1e-12);
        assertEquals(7.0 / 18, del.auc(), 1e-12);
        Curve ins = new InsertionCurve(model, 3).attributed(threeEvents(), 3, attr);
        assertArrayEquals(new double[] {0, 0.5, 5.0 / 6, 1}, ins.values(), 1e-12);
        assertEquals(11.0 / 18, ins.auc(), 1e-12);
        assertEquals(7.0 / 24, new DeletionCurve(model, 4).attributed(threeEvents(), 3, attr).auc(), 1e-12);
        assertEquals(17.0 / 24, new InsertionCurve(model, 4).attributed(threeEvents(), 3, attr).auc(), 1e-12);
    }

    @Test
    void exactDeletionAucIsSmallerThanRandomOnALinearModel() {
        SplittableRandom rnd = new SplittableRandom(99);
        int n = 150;
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(n, rnd));
        ExactExplainer exact = new ExactExplainer(model, null);
        DeletionCurve del = new DeletionCurve(model, 10);
        InsertionCurve ins = new InsertionCurve(model, 10);
        double exactAuc = 0;
        double randomAuc = 0;
        double exactIns = 0;
        double randomIns = 0;
        int count = 0;
        for (int u = 0; u < 10; u++) {
            History h = ToyModels.randomHistory(u, 20 + rnd.nextInt(40), n, rnd);
            for (ScoredItem s : model.recommend(h, 5, ScoringAdapter.itemsOf(h))) {
                double[] c = exact.explain(h, s.item()).contributions();
                exactAuc += del.attributed(h, s.item(), c).auc();
                randomAuc += del.random(h, s.item(), 5, new SplittableRandom(u)).auc();
                exactIns += ins.attributed(h, s.item(), c).auc();
                randomIns += ins.random(h, s.item(), 5, new SplittableRandom(u)).auc();
                count++;
            }
        }
        assertTrue(exactAuc / count < randomAuc / count, exactAuc / count + " vs random " + randomAuc / count);
        assertTrue(exactIns / count > randomIns / count, exactIns / count + " vs random " + randomIns / count);
    }

    @Test
    void necessitySufficiencyAndFnsByHand() {
        // the fixture of CounterfactualTest: target 3 scores 5, 4, 3 from e0, e1, e2 (12); competitor 4 scores
        // 5, 0, 5 (10); k = 1.
        // set {e1}: without it 8 vs 10 -> out (necessary); only e1: 4 vs 0 -> in (sufficient)
        // set {e0}: without it 7 vs 5 -> in (not necessary); only e0: 5 vs 5, tie won by index 3 < 4 (sufficient)
        // PN = 1/2, PS = 2/2, FNS = 2 * 0.5 * 1 / 1.5 = 2/3
        double[][] b = new double[6][6];
        b[0][3] = 5;
        b[1][3] = 4;
        b[2][3] = 3;
        b[0][4] = 5;
        b[2][4] = 5;
        CounterfactualCheck check = new CounterfactualCheck(new ToyModels.Linear(b));
        CounterfactualCheck.Outcome one = check.add(threeEvents(), 3,
                new Counterfactual(1, List.of(1), List.of(1), 1, 2, List.of(4), true));
        assertTrue(one.necessary());
        assertTrue(one.sufficient());
        CounterfactualCheck.Outcome two = check.add(threeEvents(), 3,
                new Counterfactual(1, List.of(0), List.of(0), 1, 1, List.of(), false));
        assertFalse(two.necessary());
        assertTrue(two.sufficient());
        assertEquals(0.5, check.pn(), 0.0);
        assertEquals(1.0, check.ps(), 0.0);
        assertEquals(2.0 / 3, check.fns(), 1e-12);
    }

    @Test
    void stabilityByHand() {
        // tops of 3: {0,1,2}, {0,1,3}, {0,1,2} -> Jaccard 2/4, 1, 2/4 -> mean 2/3
        List<double[]> runs = List.of(new double[] {5, 4, 3, 0, 0}, new double[] {5, 4, 0, 3, 0},
                new double[] {9, 8, 7, 1, 1});
        assertEquals(Set.of(0, 1, 3), Stability.topSet(runs.get(1), 3));
        assertEquals(2.0 / 3, Stability.jaccardOfTop(runs, 3), 1e-12);
    }

    @Test
    void seededExplainersAreStableOnALinearModel() {
        SplittableRandom rnd = new SplittableRandom(17);
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(60, rnd));
        History h = ToyModels.randomHistory(0, 30, 60, rnd);
        List<double[]> lime = new ArrayList<>();
        List<double[]> shap = new ArrayList<>();
        for (int seed = 1; seed <= 5; seed++) {
            lime.add(new LimeExplainer(model, null, LimeConfig.DEFAULT, new SplittableRandom(seed)).explain(h, 2)
                    .contributions());
            shap.add(new KernelShapExplainer(model, null, KernelShapConfig.DEFAULT, new SplittableRandom(seed))
                    .explain(h, 2).contributions());
        }
        assertTrue(Stability.jaccardOfTop(lime, 3) >= 0.5, "LIME stability " + Stability.jaccardOfTop(lime, 3));
        assertEquals(1.0, Stability.jaccardOfTop(shap, 3), 0.0);
    }

    @Test
    void kendallTauByHand() {
        // a = 1,2,3 and b = 1,3,2: pairs (0,1) C, (0,2) C, (1,2) D -> (2 - 1) / 3
        assertEquals(1.0 / 3, MethodAgreement.kendallTau(new double[] {1, 2, 3}, new double[] {1, 3, 2}), 1e-12);
        assertEquals(-1.0, MethodAgreement.kendallTau(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        // ties: a = 1,1,2, b = 1,2,3: (0,1) tied in a only; (0,2) C; (1,2) C -> 2 / sqrt((2 + 0 + 1)(2 + 0 + 0))
        assertEquals(2 / Math.sqrt(6), MethodAgreement.kendallTau(new double[] {1, 1, 2}, new double[] {1, 2, 3}), 1e-12);
        assertTrue(Double.isNaN(MethodAgreement.kendallTau(new double[] {1, 1}, new double[] {1, 2})));
    }

    @Test
    void coverageCountsNonEmptyFaithfulExplanations() {
        Coverage cov = new Coverage(Coverage.Criterion.DEFAULT);
        List<EventAttribution> positive = List.of(new EventAttribution(0, 0, 1, 1, 0.7));
        List<EventAttribution> negative = List.of(new EventAttribution(0, 0, 1, 1, -0.7));
        // covered: exact with tiny error
        assertTrue(cov.add(new Explanation(0, 1, 1, 0.7, 0, "exact", positive, List.of(), null,
                Fidelity.of(Fidelity.EXACTNESS_ERROR, 1e-16), "")));
        // not covered: no positive evidence
        assertFalse(cov.add(new Explanation(0, 1, 1, -0.7, 0, "exact", negative, List.of(), null,
                Fidelity.of(Fidelity.EXACTNESS_ERROR, 0.0), "")));
        // not covered: LIME surrogate explains too little
        assertFalse(cov.add(new Explanation(0, 1, 1, 0.7, 0, "lime", positive, List.of(), null,
                Fidelity.of(Fidelity.LIME_R2, 0.2), "")));
        // not covered: no explanation at all
        assertFalse(cov.add(null));
        assertEquals(0.25, cov.value(), 0.0);
    }
}
