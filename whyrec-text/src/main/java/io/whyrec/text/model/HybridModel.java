package io.whyrec.text.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.model.Ease;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A blend of EASE (collaborative) and the content model (text): for a history H,
 * {@code s_j = (1 - a) (e_j - mean e) / sd e + a (c_j - mean c) / sd c}, where {@code e_j = sum_t w_t B[i_t, j]}
 * is EASE's score, {@code c_j = sum_t w_t <x_t, x_j>} the content score over unit text embeddings, and the mean
 * and standard deviation are taken over all items for this history, so both parts are on one scale whatever the
 * user. Each part is linear in the weighted history and so are their means ({@code mean e = sum_t w_t
 * rowMean(B)[i_t]}, {@code mean c = sum_t w_t <x_t, mean x>}), so event t's contribution is exactly
 * {@code w_t [(1 - a)(B[i_t, j] - rowMean(B)[i_t]) / sd e + a (<x_t, x_j> - <x_t, mean x>) / sd c]} and the
 * contributions sum to the score. An item without interactions has an all-zero EASE column, so among such items
 * the ranking is the content model's: cold items stay recommendable.
 *
 * <p>It reads the plain binary history, as EASE was trained on (Steck, "Embarrassingly Shallow Autoencoders for
 * Sparse Data", WWW 2019).
 */
public final class HybridModel implements Recommender, AdditiveScorer {

    /** The model name. */
    public static final String NAME = "hybrid";

    private final Ease ease;
    private final ItemEmbeddings x;
    private final HybridConfig config;
    private final int n;
    private final double[] easeRowMean;
    private final double[] textRowMean;

    /**
     * Builds the blend.
     *
     * @param ease   EASE fitted on the training interactions
     * @param x      the catalogue's normalised text embeddings (same items)
     * @param config lambda (for reports), blend and encoder
     */
    public HybridModel(Ease ease, ItemEmbeddings x, HybridConfig config) {
        if (ease.numItems() != x.size()) {
            throw new IllegalArgumentException("hybrid: EASE scores " + ease.numItems() + " items, embeddings cover " + x.size());
        }
        this.ease = ease;
        this.x = x;
        this.config = config;
        this.n = x.size();
        this.easeRowMean = new double[n];
        this.textRowMean = new double[n];
        double[] mean = x.mean();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += ease.weight(i, j);
            }
            easeRowMean[i] = s / n;
            textRowMean[i] = x.dot(i, mean);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lambda", config.lambda());
        p.put("blend", config.blend());
        p.put("encoder", x.model());
        return p;
    }

    @Override
    public int numItems() {
        return n;
    }

    /** The standardisation of one history: means and standard deviations of both parts over items. */
    private record Scale(double[] e, double[] c, double meanE, double sdE, double meanC, double sdC) {
    }

    private Scale scale(History history) {
        double[] e = new double[n];
        ease.score(history, e);
        double[] interest = new double[x.dimension()];
        double meanE = 0;
        double meanC = 0;
        for (WeightedEvent ev : history.events()) {
            x.addTo(ev.item(), ev.weight(), interest);
            meanE += ev.weight() * easeRowMean[ev.item()];
            meanC += ev.weight() * textRowMean[ev.item()];
        }
        double[] c = new double[n];
        x.dotAll(interest, c);
        return new Scale(e, c, meanE, sd(e, meanE), meanC, sd(c, meanC));
    }

    private static double sd(double[] v, double mean) {
        double s = 0;
        for (double a : v) {
            s += (a - mean) * (a - mean);
        }
        return Math.sqrt(s / v.length);
    }

    @Override
    public void score(History history, double[] out) {
        if (out.length != n) {
            throw new IllegalArgumentException("hybrid: score array has length " + out.length + ", expected " + n);
        }
        Scale s = scale(history);
        double a = config.blend();
        double fe = s.sdE > 0 ? (1 - a) / s.sdE : 0;
        double fc = s.sdC > 0 ? a / s.sdC : 0;
        for (int j = 0; j < n; j++) {
            out[j] = fe * (s.e[j] - s.meanE) + fc * (s.c[j] - s.meanC);
        }
    }

    /** {@inheritDoc} See the class comment for the exact per-event term. */
    @Override
    public double[] contributions(History history, int item) {
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("hybrid: item index " + item + " out of range [0, " + n + ")");
        }
        Scale s = scale(history);
        double a = config.blend();
        double fe = s.sdE > 0 ? (1 - a) / s.sdE : 0;
        double fc = s.sdC > 0 ? a / s.sdC : 0;
        double[] out = new double[history.size()];
        for (int t = 0; t < out.length; t++) {
            WeightedEvent ev = history.event(t);
            int i = ev.item();
            out[t] = ev.weight() * (fe * (ease.weight(i, item) - easeRowMean[i])
                    + fc * (x.similarity(i, item) - textRowMean[i]));
        }
        return out;
    }
}
