package io.whyrec.eval.explain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured quality of one explanation method on one model, over the top-K recommendations of the explained
 * users. AUCs are means over the explained recommendations whose curve is defined; a ratio is the attributed
 * mean divided by the random-order mean over the same recommendations (deletion: lower is better; insertion:
 * higher is better).
 *
 * @param method               method name
 * @param explanations         recommendations explained
 * @param coverage             share with a non-empty faithful explanation ({@link io.whyrec.explain.quality.Coverage})
 * @param deletionAuc          plain score deletion AUC, {@code s(n)/s(0)} after removing the n most attributed events
 * @param deletionAucRandom    the same for random orders
 * @param deletionCurves       recommendations with s(0) > 0 (where the plain curve is defined)
 * @param deletionPositiveAuc  the plain curve when only positively attributed events are removed (the curve stays
 *                             flat once none is left); its random reference is {@code deletionAucRandom}
 * @param marginAuc            margin deletion AUC ({@link RankCurves}): the lead over the K-th competitor
 * @param marginAucRandom      the same for random orders
 * @param marginCurves         recommendations whose margin curve is defined (m(0) > 0)
 * @param inTopKAuc            rank deletion AUC: area under "still in the top-K"
 * @param inTopKAucRandom      the same for random orders
 * @param insertionAuc         insertion AUC, {@code s(first n)/s(all)}
 * @param insertionAucRandom   the same for random orders
 * @param counterfactualFound  share of recommendations with a counterfactual found (and verified by re-ranking)
 * @param counterfactualMedian median size of the found counterfactual sets (NaN when none)
 * @param counterfactualMean   mean size of the found sets
 * @param pn                   probability of necessity by independent re-ranking, over all searched sets
 * @param ps                   probability of sufficiency by independent re-ranking
 * @param fns                  harmonic mean of PN and PS
 * @param stability            mean top-m Jaccard across seeds (NaN for deterministic methods: 1 by construction)
 * @param stabilityExplanations recommendations the stability was measured on
 * @param meanMillis           mean time per explanation, ms
 * @param p99Millis            99th percentile of the time per explanation, ms
 * @param meanLimeR2           mean LIME surrogate R^2 (NaN for other methods)
 */
public record MethodQuality(String method, long explanations, double coverage, double deletionAuc,
                            double deletionAucRandom, long deletionCurves, double deletionPositiveAuc,
                            double marginAuc, double marginAucRandom, long marginCurves, double inTopKAuc,
                            double inTopKAucRandom, double insertionAuc, double insertionAucRandom,
                            double counterfactualFound, double counterfactualMedian, double counterfactualMean,
                            double pn, double ps, double fns, double stability, long stabilityExplanations,
                            double meanMillis, double p99Millis, double meanLimeR2) {

    /** Plain deletion AUC of the attributed order over that of random orders (the target: <= 0.5). */
    public double deletionRatio() {
        return deletionAuc / deletionAucRandom;
    }

    /** Positive-only deletion AUC over the random-order AUC. */
    public double deletionPositiveRatio() {
        return deletionPositiveAuc / deletionAucRandom;
    }

    /** Margin deletion AUC over the random-order margin AUC. */
    public double marginRatio() {
        return marginAuc / marginAucRandom;
    }

    /** In-top-K deletion AUC over the random-order one. */
    public double inTopKRatio() {
        return inTopKAuc / inTopKAucRandom;
    }

    /** Insertion AUC over the random-order insertion AUC (higher is better). */
    public double insertionRatio() {
        return insertionAuc / insertionAucRandom;
    }

    /** A JSON-ready map with stable keys (NaN written as null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("explanations", explanations);
        m.put("coverage", num(coverage));
        Map<String, Object> del = new LinkedHashMap<>();
        del.put("definition", "score s(n)/s(0) after removing the n most attributed events, n=0..N");
        del.put("auc", num(deletionAuc));
        del.put("aucRandom", num(deletionAucRandom));
        del.put("ratio", num(deletionRatio()));
        del.put("curves", deletionCurves);
        del.put("positiveOnlyAuc", num(deletionPositiveAuc));
        del.put("positiveOnlyRatio", num(deletionPositiveRatio()));
        m.put("deletion", del);
        Map<String, Object> margin = new LinkedHashMap<>();
        margin.put("definition", "max(0, s_item(n) - s_Kth_competitor(n)) / (s_item(0) - s_Kth_competitor(0))");
        margin.put("auc", num(marginAuc));
        margin.put("aucRandom", num(marginAucRandom));
        margin.put("ratio", num(marginRatio()));
        margin.put("curves", marginCurves);
        m.put("deletionMargin", margin);
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("definition", "1 while the item is still in the top-K after removing n events, else 0");
        top.put("auc", num(inTopKAuc));
        top.put("aucRandom", num(inTopKAucRandom));
        top.put("ratio", num(inTopKRatio()));
        m.put("deletionInTopK", top);
        Map<String, Object> ins = new LinkedHashMap<>();
        ins.put("auc", num(insertionAuc));
        ins.put("aucRandom", num(insertionAucRandom));
        ins.put("ratio", num(insertionRatio()));
        m.put("insertion", ins);
        Map<String, Object> cf = new LinkedHashMap<>();
        cf.put("foundRate", num(counterfactualFound));
        cf.put("medianSize", num(counterfactualMedian));
        cf.put("meanSize", num(counterfactualMean));
        cf.put("PN", num(pn));
        cf.put("PS", num(ps));
        cf.put("FNS", num(fns));
        m.put("counterfactual", cf);
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("jaccardOfTop", num(stability));
        st.put("explanations", stabilityExplanations);
        m.put("stability", st);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("meanMs", num(meanMillis));
        t.put("p99Ms", num(p99Millis));
        m.put("latency", t);
        if (!Double.isNaN(meanLimeR2)) {
            m.put("meanLimeR2", meanLimeR2);
        }
        return m;
    }

    static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
