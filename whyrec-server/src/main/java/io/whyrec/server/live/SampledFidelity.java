package io.whyrec.server.live;

import io.whyrec.api.Explainer;
import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.explain.ExplainerRegistry;
import io.whyrec.explain.quality.Curve;
import io.whyrec.explain.quality.DeletionCurve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fidelity figure of the explanation methods of a model that is not additive, measured once on a sample when
 * the model is fitted or loaded and then attached to every explanation of that method: the deletion ratio, the
 * area under the deletion curve (the item's score as its most attributed events are removed, {@value #STEPS}
 * steps, normalised by the full score) in the method's order divided by the mean area over {@value #REPEATS}
 * random orders, over the top-1 item of {@value #USERS} users drawn with seed {@value #SEED}. Below 1 means that
 * the method finds the events the score depends on better than chance; exact explanations need no such figure
 * (their contributions sum to the score). The sampling methods (LIME, KernelSHAP) are not measured, to keep the
 * start-up short.
 */
final class SampledFidelity {

    /** Fidelity key of the sampled deletion ratio. */
    static final String DELETION_RATIO = "deletion_ratio_sampled";
    /** Users in the sample. */
    static final int USERS = 20;
    /** Removal steps of a deletion curve. */
    static final int STEPS = 10;
    /** Random orders the ratio is taken against. */
    static final int REPEATS = 3;
    /** Seed of the user sample and of the random orders. */
    static final long SEED = 42;

    private SampledFidelity() {
    }

    /**
     * The deletion ratio of each measured method of a model over training data (empty for an additive model).
     */
    static Map<String, Double> measure(Recommender model, Dataset data) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (model instanceof io.whyrec.api.AdditiveScorer) {
            return out;
        }
        int[] active = data.activeUsers();
        if (active.length == 0) {
            return out;
        }
        SplittableRandom pick = new SplittableRandom(SEED);
        List<History> histories = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        for (int n = 0; n < Math.min(USERS, active.length); n++) {
            int u = active[pick.nextInt(active.length)];
            History h = ModelHistories.of(model, data, u);
            java.util.BitSet seen = data.itemSetOf(u);
            List<ScoredItem> top = model.recommend(h, 1, seen::get);
            if (!top.isEmpty() && h.size() > 1) {
                histories.add(h);
                items.add(top.get(0).item());
            }
        }
        DeletionCurve deletion = new DeletionCurve(model, STEPS);
        for (String method : ExplainerRegistry.methodsFor(model)) {
            if (method.equals("lime") || method.equals("shap")) {
                continue;
            }
            Explainer explainer = ExplainerRegistry.require(method, model, model.name(), null, SEED);
            double attributed = 0;
            double random = 0;
            int measured = 0;
            SplittableRandom orders = new SplittableRandom(SEED);
            for (int i = 0; i < histories.size(); i++) {
                Explanation x = explainer.explain(histories.get(i), items.get(i), 1);
                Curve a = deletion.attributed(histories.get(i), items.get(i), x.contributions());
                Curve r = deletion.random(histories.get(i), items.get(i), REPEATS, orders);
                if (Double.isFinite(a.auc()) && Double.isFinite(r.auc()) && r.auc() > 0) {
                    attributed += a.auc();
                    random += r.auc();
                    measured++;
                }
            }
            if (measured > 0) {
                out.put(method, attributed / random);
            }
        }
        return out;
    }

    /** Whether a scorer is measured here (not additive). */
    static boolean applies(ItemScorer model) {
        return !(model instanceof io.whyrec.api.AdditiveScorer);
    }
}
