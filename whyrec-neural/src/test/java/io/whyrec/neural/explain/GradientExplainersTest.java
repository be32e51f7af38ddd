package io.whyrec.neural.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.quality.DeletionCurve;
import io.whyrec.neural.RuleSequences;
import io.whyrec.neural.TinyModel;
import io.whyrec.neural.model.SasRec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gradient explainers on the tiny rule model. Ground truth: the model learned next(x) = (x + 7) mod 20, so the
 * probability of the predicted item depends on the last event above all, and removing that event must hurt most.
 */
class GradientExplainersTest {

    private static History history(int[] items) {
        List<WeightedEvent> events = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            events.add(WeightedEvent.unit(items[i], i));
        }
        return new History(-1, events);
    }

    @Test
    void integratedGradientsAreCompleteWithinFivePercent() {
        SasRec model = TinyModel.get();
        IntegratedGradientsExplainer ig = new IntegratedGradientsExplainer(model);
        double[] scores = new double[model.numItems()];
        for (int[] s : RuleSequences.sequences(8, 21)) {
            History h = history(s);
            model.score(h, scores);
            int predicted = RuleSequences.next(s[s.length - 1]);
            for (int item : new int[] {predicted, (predicted + 3) % RuleSequences.N}) {
                Explanation x = ig.explain(h, item, 1);
                double sum = 0;
                for (double c : x.contributions()) {
                    sum += c;
                }
                double diff = x.score() - x.baseline();
                assertEquals(scores[item], x.score(), 1e-6, "IG's f(x) is the model's score");
                // completeness: sum of attributions = f(x) - f(baseline) within 5% (m = 50 trapezoid steps)
                assertEquals(diff, sum, 0.05 * Math.abs(diff) + 1e-6, "sequence " + java.util.Arrays.toString(s));
                assertTrue(x.fidelity().get(IntegratedGradientsExplainer.COMPLETENESS_GAP) < 0.05);
                assertEquals("ig", x.method());
                assertEquals(h.size(), x.events().size());
            }
        }
    }

    @Test
    void refiningThePathByMidpointsEqualsTheTrapezoidAtTheFinalSteps() {
        SasRec model = TinyModel.get();
        History h = history(RuleSequences.sequences(1, 5).get(0));
        int item = 3;
        // 5 steps doubled 3 times (only midpoints added each time) against 40 steps computed at once
        double[] refined = new IntegratedGradientsExplainer(model, null, 5).contributionsRefined(h, item, 3);
        double[] direct = new IntegratedGradientsExplainer(model, null, 40).contributionsRefined(h, item, 0);
        assertEquals(direct.length, refined.length);
        double scale = 0;
        for (double v : direct) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0);
        for (int i = 0; i < direct.length; i++) {
            assertEquals(direct[i], refined[i], 1e-5 * scale, "event " + i);
        }
        // and 5 steps alone differ from 40 (the refinement did something)
        double[] coarse = new IntegratedGradientsExplainer(model, null, 5).contributionsRefined(h, item, 0);
        double diff = 0;
        for (int i = 0; i < direct.length; i++) {
            diff = Math.max(diff, Math.abs(direct[i] - coarse[i]));
        }
        assertTrue(diff > 1e-4 * scale, "coarse and fine paths differ by " + diff);
    }

    @Test
    void eventsOutsideTheWindowGetZeroAndTheLastEventLeads() {
        SasRec model = TinyModel.get();
        int[] s = new int[10];
        s[0] = 3;
        for (int i = 1; i < s.length; i++) {
            s[i] = RuleSequences.next(s[i - 1]);
        }
        History h = history(s);
        int predicted = RuleSequences.next(s[9]);
        for (var explainer : List.of(new IntegratedGradientsExplainer(model),
                new GradientTimesInputExplainer(model, null), new AttentionGradientExplainer(model, null))) {
            double[] c = explainer.explain(h, predicted, 1).contributions();
            // maxLen is 8: events 0 and 1 never reach the model
            assertEquals(0.0, c[0], explainer.method());
            assertEquals(0.0, c[1], explainer.method());
            if (explainer instanceof AttentionGradientExplainer) {
                for (double v : c) {
                    assertTrue(v >= 0, "attention relevance is non-negative");
                }
            }
        }
        double[] ig = new IntegratedGradientsExplainer(model).explain(h, predicted, 1).contributions();
        int top = 0;
        for (int i = 1; i < ig.length; i++) {
            if (ig[i] > ig[top]) {
                top = i;
            }
        }
        assertEquals(9, top, "IG should credit the last event, which alone determines the next item: "
                + java.util.Arrays.toString(ig));
    }

    @Test
    void deletionAucOfIntegratedGradientsBeatsRandomOrders() {
        SasRec model = TinyModel.get();
        IntegratedGradientsExplainer ig = new IntegratedGradientsExplainer(model);
        DeletionCurve deletion = new DeletionCurve(model, 4);
        SplittableRandom rnd = new SplittableRandom(5);
        double attributed = 0;
        double random = 0;
        List<int[]> seqs = RuleSequences.sequences(20, 33);
        for (int[] s : seqs) {
            History h = history(s);
            int item = RuleSequences.next(s[s.length - 1]);
            Explanation x = ig.explain(h, item, 1);
            attributed += deletion.attributed(h, item, x.contributions()).auc();
            random += deletion.random(h, item, 5, rnd).auc();
        }
        attributed /= seqs.size();
        random /= seqs.size();
        assertTrue(attributed < 0.8 * random, "deletion AUC ig " + attributed + " vs random " + random);
    }

    /**
     * The batched gradient x input of a whole list equals the one-item explanations, and a model read back from
     * its file (parameters frozen: no parameter gradients recorded) explains exactly as the trained one.
     */
    @Test
    void batchedGradientTimesInputEqualsOneItemAtATimeAlsoOnAFrozenModel() throws Exception {
        SasRec model = TinyModel.get();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            model.writePayload(out);
        }
        SasRec frozen = SasRec.readPayload(java.util.Map.of(),
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        GradientTimesInputExplainer trained = new GradientTimesInputExplainer(model, null);
        GradientTimesInputExplainer loaded = new GradientTimesInputExplainer(frozen, null);
        int compared = 0;
        for (int[] s : RuleSequences.sequences(6, 33)) {
            History h = history(s);
            int[] items = {0, 3, 5, RuleSequences.next(s[s.length - 1])};
            int[] ranks = {1, 2, 3, 4};
            List<Explanation> batch = trained.explainAll(h, items, ranks);
            List<Explanation> fromFile = loaded.explainAll(h, items, ranks);
            for (int r = 0; r < items.length; r++) {
                Explanation one = trained.explain(h, items[r], ranks[r]);
                assertEquals(one.score(), batch.get(r).score(), 1e-6);
                assertEquals(one.score(), fromFile.get(r).score(), 1e-6);
                double[] a = one.contributions();
                double[] b = batch.get(r).contributions();
                double[] c = fromFile.get(r).contributions();
                for (int t = 0; t < a.length; t++) {
                    assertEquals(a[t], b[t], 1e-6 + 1e-4 * Math.abs(a[t]), "batched, event " + t);
                    assertEquals(a[t], c[t], 1e-6 + 1e-4 * Math.abs(a[t]), "frozen, event " + t);
                }
                compared++;
            }
        }
        assertEquals(6 * 4, compared);
        for (ai.djl.nn.Parameter p : frozen.block().getParameters().values()) {
            assertTrue(!p.getArray().hasGradient(), "a loaded model records no parameter gradient: " + p.getName());
        }
    }
}
