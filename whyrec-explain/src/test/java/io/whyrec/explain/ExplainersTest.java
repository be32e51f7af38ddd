package io.whyrec.explain;

import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.lime.LimeConfig;
import io.whyrec.explain.lime.LimeExplainer;
import io.whyrec.explain.loo.LeaveOneOutExplainer;
import io.whyrec.explain.shap.ExactShapleyExplainer;
import io.whyrec.explain.shap.KernelShapConfig;
import io.whyrec.explain.shap.KernelShapExplainer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Property and hand-computed tests of the exact, leave-one-out, LIME and SHAP explainers. */
class ExplainersTest {

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double relL1(double[] approx, double[] exact) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < exact.length; i++) {
            num += Math.abs(approx[i] - exact[i]);
            den += Math.abs(exact[i]);
        }
        return num / den;
    }

    @Test
    void exactContributionsSumToTheScore() {
        SplittableRandom rnd = new SplittableRandom(11);
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(200, rnd));
        ExactExplainer exact = new ExactExplainer(model, null);
        double[] scores = new double[200];
        for (int trial = 0; trial < 20; trial++) {
            History h = ToyModels.randomHistory(trial, 5 + rnd.nextInt(150), 200, rnd);
            int item = rnd.nextInt(200);
            Explanation x = exact.explain(h, item);
            model.score(h, scores);
            assertEquals(scores[item], x.score(), 0.0);
            double rel = Math.abs(sum(x.contributions()) - scores[item]) / Math.abs(scores[item]);
            assertTrue(rel <= 1e-9, "relative error " + rel);
            assertTrue(x.fidelity().get(Fidelity.EXACTNESS_ERROR) <= 1e-9);
            assertEquals(ScoringAdapter.rankOf(scores, item, ScoringAdapter.itemsOf(h)), x.rank());
            assertEquals(h.size(), x.events().size());
        }
    }

    /**
     * Explaining a ranked list item by item gives the same attributions as the full path, and the exactness error
     * measured against the list's score is within 1e-9; a score that does not match the model is reported as such.
     */
    @Test
    void explainRankedMatchesTheFullPathAndChecksTheListScore() {
        SplittableRandom rnd = new SplittableRandom(12);
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(120, rnd));
        ExactExplainer exact = new ExactExplainer(model, null);
        History h = ToyModels.randomHistory(3, 40, 120, rnd);
        List<io.whyrec.api.ScoredItem> top = model.recommend(h, 10, ScoringAdapter.itemsOf(h));
        for (int r = 0; r < top.size(); r++) {
            Explanation ranked = exact.explainRanked(h, top.get(r), r + 1);
            Explanation full = exact.explain(h, top.get(r).item());
            assertEquals(full.rank(), ranked.rank());
            assertArrayEquals(full.contributions(), ranked.contributions(), 0.0);
            assertTrue(ranked.fidelity().get(Fidelity.EXACTNESS_ERROR) <= 1e-9);
        }
        io.whyrec.api.ScoredItem wrong = new io.whyrec.api.ScoredItem(top.get(0).item(), top.get(0).score() * 2);
        assertEquals(0.5, exact.explainRanked(h, wrong, 1).fidelity().get(Fidelity.EXACTNESS_ERROR), 1e-9);
    }

    @Test
    void exactRefusesANonAdditiveModel() {
        ToyModels.Sigmoid model = new ToyModels.Sigmoid(ToyModels.randomB(5, new SplittableRandom(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExactExplainer(model, null));
        assertTrue(e.getMessage().contains("AdditiveScorer"), e.getMessage());
        assertTrue(e.getMessage().contains("not additive"), e.getMessage());
    }

    @Test
    void facetsSplitEquallyAndOnlyTheItemsOwn() {
        // items: 0 "Alien" {Sci-Fi, Horror}, 1 "Aliens" {Sci-Fi, Action}, 2 "Heat" {Crime}, 3 target {Sci-Fi, Action}
        // B[., 3] = 2, 1, 4 and weights 1 -> contributions 2, 1, 4 (total 7)
        // Sci-Fi: 2/2 + 1/2 = 1.5 (share 1.5/7); Action: 1/2 = 0.5; Horror and Crime are not facets of item 3.
        double[][] b = new double[4][4];
        b[0][3] = 2;
        b[1][3] = 1;
        b[2][3] = 4;
        ItemInfo info = ToyModels.info(List.of("Alien", "Aliens", "Heat", "Target"),
                List.of(List.of("Sci-Fi", "Horror"), List.of("Sci-Fi", "Action"), List.of("Crime"),
                        List.of("Sci-Fi", "Action")));
        History h = new History(0, List.of(WeightedEvent.unit(0, 1), WeightedEvent.unit(1, 2), WeightedEvent.unit(2, 3)));
        Explanation x = new ExactExplainer(new ToyModels.Linear(b), info).explain(h, 3);
        assertEquals(2, x.facets().size());
        FacetAttribution sci = x.facets().get(0);
        assertEquals("Sci-Fi", sci.facet());
        assertEquals(1.5, sci.contribution(), 1e-12);
        assertEquals(1.5 / 7, sci.share(), 1e-12);
        assertEquals("Action", x.facets().get(1).facet());
        assertEquals(0.5, x.facets().get(1).contribution(), 1e-12);
        assertEquals(4.0 / 7, x.share(x.events().get(2)), 1e-12);
    }

    /**
     * Facets grouped with the history's event facets looked up once ({@link EventFacets}) equal those looked up per
     * event: on the hand fixture above (Sci-Fi 1.5, Action 0.5 for item 3) and for every item of a random catalogue
     * and history with repeated items, negative and zero contributions.
     */
    @Test
    void facetsFromEventFacetsEqualThePerEventLookup() {
        ItemInfo hand = ToyModels.info(List.of("Alien", "Aliens", "Heat", "Target"),
                List.of(List.of("Sci-Fi", "Horror"), List.of("Sci-Fi", "Action"), List.of("Crime"),
                        List.of("Sci-Fi", "Action")));
        History h = new History(0, List.of(WeightedEvent.unit(0, 1), WeightedEvent.unit(1, 2), WeightedEvent.unit(2, 3)));
        Explanation x = BaseExplainer.assemble(h, 3, 1, "exact", new double[] {2, 1, 4}, 7, 0, null, hand,
                EventFacets.of(h, hand));
        assertEquals(List.of(new FacetAttribution("Sci-Fi", 1.5 / 7, 1.5), new FacetAttribution("Action", 0.5 / 7, 0.5)),
                x.facets());

        String[] names = {"A", "B", "C", "D", "E"};
        SplittableRandom rnd = new SplittableRandom(11);
        int items = 30;
        List<String> titles = new java.util.ArrayList<>();
        List<List<String>> facets = new java.util.ArrayList<>();
        for (int i = 0; i < items; i++) {
            titles.add("t" + i);
            java.util.LinkedHashSet<String> fs = new java.util.LinkedHashSet<>();
            for (int f = rnd.nextInt(4); f > 0; f--) {
                fs.add(names[rnd.nextInt(names.length)]);
            }
            facets.add(List.copyOf(fs));
        }
        ItemInfo info = ToyModels.info(titles, facets);
        List<WeightedEvent> events = new java.util.ArrayList<>();
        double[] c = new double[40];
        for (int t = 0; t < c.length; t++) {
            events.add(WeightedEvent.unit(rnd.nextInt(items), t));
            c[t] = t % 7 == 0 ? 0.0 : rnd.nextDouble() - 0.3;
        }
        History long_ = new History(0, events);
        EventFacets ef = EventFacets.of(long_, info);
        for (int item = 0; item < items; item++) {
            Explanation plain = BaseExplainer.assemble(long_, item, 1, "exact", c, 1, 0, null, info);
            Explanation fast = BaseExplainer.assemble(long_, item, 1, "exact", c, 1, 0, null, info, ef);
            assertEquals(plain, fast, "item " + item);
        }
    }

    @Test
    void leaveOneOutEqualsExactOnALinearModel() {
        SplittableRandom rnd = new SplittableRandom(3);
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(60, rnd));
        History h = ToyModels.randomHistory(1, 25, 60, rnd);
        double[] exact = new ExactExplainer(model, null).explain(h, 7).contributions();
        Explanation loo = new LeaveOneOutExplainer(model, null).explain(h, 7);
        for (int t = 0; t < exact.length; t++) {
            assertEquals(exact[t], loo.contributions()[t], 1e-9);
        }
        assertTrue(loo.fidelity().get(Fidelity.LOO_ADDITIVITY_GAP) < 1e-9);
    }

    @Test
    void exactShapleyOfMaxByHand() {
        // f = max over events of w_t * B[item_t][target]; events a (value 3) and b (value 1); f(empty) = 0.
        // phi_a = 1/2 (f(a) - f()) + 1/2 (f(ab) - f(b)) = 1/2 * 3 + 1/2 * 2 = 2.5
        // phi_b = 1/2 (f(b) - f()) + 1/2 (f(ab) - f(a)) = 1/2 * 1 + 1/2 * 0 = 0.5   (sum 3 = f(ab) - f())
        double[][] b = new double[3][3];
        b[0][2] = 3;
        b[1][2] = 1;
        History h = new History(0, List.of(WeightedEvent.unit(0, 1), WeightedEvent.unit(1, 2)));
        Explanation x = new ExactShapleyExplainer(new ToyModels.Max(b), null).explain(h, 2);
        assertEquals(2.5, x.contributions()[0], 1e-12);
        assertEquals(0.5, x.contributions()[1], 1e-12);
        assertEquals(0.0, x.baseline(), 0.0);
    }

    @Test
    void kernelShapIsWithinFivePercentOfExactShapley() {
        SplittableRandom rnd = new SplittableRandom(2026);
        ToyModels.Sigmoid sigmoid = new ToyModels.Sigmoid(scaled(ToyModels.randomB(40, rnd), 0.4));
        ToyModels.Max max = new ToyModels.Max(ToyModels.randomB(40, rnd));
        for (int trial = 0; trial < 10; trial++) {
            int m = 8 + trial % 5;
            History h = ToyModels.randomHistory(trial, m, 40, rnd);
            int item = rnd.nextInt(40);
            for (io.whyrec.api.ItemScorer model : List.of(sigmoid, max)) {
                double[] exact = new ExactShapleyExplainer(model, null).explain(h, item).contributions();
                Explanation k = new KernelShapExplainer(model, null, KernelShapConfig.DEFAULT,
                        new SplittableRandom(trial)).explain(h, item);
                double err = relL1(k.contributions(), exact);
                assertTrue(err <= 0.05, "m=" + m + " " + model.getClass().getSimpleName() + " relative L1 " + err);
                assertTrue(k.fidelity().get(Fidelity.SHAP_EFFICIENCY_GAP) <= 1e-9 * Math.max(1, Math.abs(k.score())));
            }
        }
    }

    @Test
    void kernelShapSamplingBranchStaysCloseWithASmallBudget() {
        // 12 events with 600 coalitions: sizes 1, 2 (and 11, 10) are enumerated, 3..9 are sampled
        SplittableRandom rnd = new SplittableRandom(5);
        ToyModels.Sigmoid model = new ToyModels.Sigmoid(scaled(ToyModels.randomB(30, rnd), 0.4));
        History h = ToyModels.randomHistory(0, 12, 30, rnd);
        double[] exact = new ExactShapleyExplainer(model, null).explain(h, 4).contributions();
        Explanation k = new KernelShapExplainer(model, null, new KernelShapConfig(600, true), new SplittableRandom(9))
                .explain(h, 4);
        assertTrue(relL1(k.contributions(), exact) <= 0.10, "relative L1 " + relL1(k.contributions(), exact));
        assertEquals(sum(exact), sum(k.contributions()), 1e-12);
    }

    @Test
    void kernelShapOnALongLinearHistoryRecoversTheExactContributions() {
        // for an additive f every coalition is fitted exactly by phi = contributions, whatever is sampled
        SplittableRandom rnd = new SplittableRandom(8);
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(300, rnd));
        History h = ToyModels.randomHistory(0, 150, 300, rnd);
        double[] exact = new ExactExplainer(model, null).explain(h, 10).contributions();
        Explanation k = new KernelShapExplainer(model, null, KernelShapConfig.DEFAULT, new SplittableRandom(1))
                .explain(h, 10);
        assertTrue(relL1(k.contributions(), exact) < 1e-6, "relative L1 " + relL1(k.contributions(), exact));
        assertEquals(k.score() - k.baseline(), sum(k.contributions()), 1e-9);
    }

    @Test
    void limeFitsALinearModelAndReportsRSquaredInRange() {
        SplittableRandom rnd = new SplittableRandom(4);
        double[][] b = ToyModels.randomB(80, rnd);
        History h = ToyModels.randomHistory(0, 40, 80, rnd);
        ToyModels.Linear linear = new ToyModels.Linear(b);
        Explanation lin = new LimeExplainer(linear, null, LimeConfig.DEFAULT, new SplittableRandom(1)).explain(h, 3);
        double r2 = lin.fidelity().get(Fidelity.LIME_R2);
        assertTrue(r2 >= 0.99, "R^2 on a linear model " + r2);
        double[] exact = new ExactExplainer(linear, null).explain(h, 3).contributions();
        assertTrue(relL1(lin.contributions(), exact) < 0.1, "relative L1 " + relL1(lin.contributions(), exact));
        for (io.whyrec.api.ItemScorer model : List.of(new ToyModels.Sigmoid(scaled(b, 0.1)), new ToyModels.Max(b))) {
            Explanation x = new LimeExplainer(model, null, LimeConfig.DEFAULT, new SplittableRandom(2)).explain(h, 3);
            double r = x.fidelity().get(Fidelity.LIME_R2);
            assertTrue(r >= 0 && r <= 1, "R^2 " + r);
        }
    }

    @Test
    void seededExplainersAreReproducible() {
        SplittableRandom rnd = new SplittableRandom(4);
        ToyModels.Sigmoid model = new ToyModels.Sigmoid(scaled(ToyModels.randomB(50, rnd), 0.2));
        History h = ToyModels.randomHistory(0, 30, 50, rnd);
        double[] a = new LimeExplainer(model, null, LimeConfig.DEFAULT, new SplittableRandom(7)).explain(h, 1).contributions();
        double[] b = new LimeExplainer(model, null, LimeConfig.DEFAULT, new SplittableRandom(7)).explain(h, 1).contributions();
        double[] c = new LimeExplainer(model, null, LimeConfig.DEFAULT, new SplittableRandom(8)).explain(h, 1).contributions();
        assertEquals(0.0, relL1(a, b), 0.0);
        assertTrue(relL1(a, c) > 0);
    }

    static double[][] scaled(double[][] b, double f) {
        double[][] out = new double[b.length][];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= f;
            }
        }
        return out;
    }
}
