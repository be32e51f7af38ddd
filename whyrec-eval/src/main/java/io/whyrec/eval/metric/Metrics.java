package io.whyrec.eval.metric;

import io.whyrec.api.Metric;
import java.util.List;

/** The metric sets every whyrec report uses, in report order. */
public final class Metrics {

    private Metrics() {
    }

    /** Per-user metrics: Recall, NDCG, HR, MRR, Precision (in this order). */
    public static List<Metric> perUser() {
        return List.of(new Recall(), new Ndcg(), new HitRate(), new Mrr(), new Precision());
    }

    /** List metrics: catalogue coverage, novelty (in this order). */
    public static List<ListMetric> lists() {
        return List.of(new Coverage(), new Novelty());
    }
}
