package io.whyrec.explain;

import io.whyrec.api.Explainer;
import io.whyrec.api.History;
import io.whyrec.api.ScoredItem;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.lime.LimeConfig;
import io.whyrec.explain.lime.LimeExplainer;
import io.whyrec.explain.loo.LeaveOneOutExplainer;
import io.whyrec.explain.shap.KernelShapConfig;
import io.whyrec.explain.shap.KernelShapExplainer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Latency benchmark, not a unit test (run by hand): per-(user, item) explanation time of each method on a
 * dense random additive model of ~3,300 items (an EASE-sized B matrix) with histories of 100-200 events, at
 * default sample counts. Usage: {@code java -cp ... io.whyrec.explain.ExplainLatencyBench [items] [users]}.
 */
public final class ExplainLatencyBench {

    private ExplainLatencyBench() {
    }

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 3300;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        SplittableRandom rnd = new SplittableRandom(1);
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(items, rnd));
        Map<String, Explainer> explainers = new LinkedHashMap<>();
        explainers.put("exact", new ExactExplainer(model, null));
        explainers.put("loo", new LeaveOneOutExplainer(model, null));
        explainers.put("lime", new LimeExplainer(model, null, LimeConfig.DEFAULT, new SplittableRandom(2)));
        explainers.put("shap", new KernelShapExplainer(model, null, KernelShapConfig.DEFAULT, new SplittableRandom(3)));
        CounterfactualSearch cf = new CounterfactualSearch(model, CounterfactualConfig.DEFAULT);
        List<History> histories = new java.util.ArrayList<>();
        for (int u = 0; u < users; u++) {
            histories.add(ToyModels.randomHistory(u, 100 + rnd.nextInt(101), items, rnd));
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Map.Entry<String, Explainer> e : explainers.entrySet()) {
                long[] t = new long[users * 3];
                int i = 0;
                for (History h : histories) {
                    for (ScoredItem s : model.recommend(h, 3, ScoringAdapter.itemsOf(h))) {
                        long t0 = System.nanoTime();
                        e.getValue().explain(h, s.item(), 1 + i % 3);
                        t[i++] = System.nanoTime() - t0;
                    }
                }
                report((pass == 0 ? "warm-up " : "") + e.getKey(), t);
            }
            long[] t = new long[users * 3];
            int i = 0;
            for (History h : histories) {
                for (ScoredItem s : model.recommend(h, 3, ScoringAdapter.itemsOf(h))) {
                    double[] c = model.contributions(h, s.item());
                    long t0 = System.nanoTime();
                    cf.find(h, s.item(), c);
                    t[i++] = System.nanoTime() - t0;
                }
            }
            report((pass == 0 ? "warm-up " : "") + "counterfactual", t);
        }
    }

    private static void report(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-24s n=%d  p50 %.3f ms  p99 %.3f ms  max %.3f ms%n", name, s.length,
                s[s.length / 2] / 1e6, s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6, s[s.length - 1] / 1e6);
    }
}
