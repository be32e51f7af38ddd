package io.whyrec.text.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.StandardisedBlend;
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

    private final ItemEmbeddings x;
    private final HybridConfig config;
    private final int n;
    /** The standardised blend of the EASE part and the text part. */
    private final StandardisedBlend parts;

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
        this.x = x;
        this.config = config;
        this.n = x.size();
        this.parts = new StandardisedBlend(NAME, StandardisedBlend.ease(ease), new TextPart(x), config.blend(), n);
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

    @Override
    public void score(History history, double[] out) {
        parts.score(history, out);
    }

    /** {@inheritDoc} See the class comment for the exact per-event term. */
    @Override
    public double[] contributions(History history, int item) {
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("hybrid: item index " + item + " out of range [0, " + n + ")");
        }
        return parts.contributions(history, new int[] {item})[0];
    }

    /**
     * The content score over unit text embeddings as a part of the blend, {@code c_j = sum_t w_t <x_t, x_j>}: its
     * mean over items is {@code sum_t w_t <x_t, mean x>}, so event t's share of the centred score is
     * {@code w_t (<x_t, x_j> - <x_t, mean x>)}.
     */
    private static final class TextPart implements StandardisedBlend.Part {

        private final ItemEmbeddings x;
        /** textRowMean[i] = <x_i, mean x>. */
        private final double[] textRowMean;

        TextPart(ItemEmbeddings x) {
            this.x = x;
            this.textRowMean = new double[x.size()];
            double[] mean = x.mean();
            for (int i = 0; i < textRowMean.length; i++) {
                textRowMean[i] = x.dot(i, mean);
            }
        }

        @Override
        public double score(History history, double[] out) {
            double[] interest = new double[x.dimension()];
            double meanC = 0;
            for (WeightedEvent ev : history.events()) {
                x.addTo(ev.item(), ev.weight(), interest);
                meanC += ev.weight() * textRowMean[ev.item()];
            }
            x.dotAll(interest, out);
            return meanC;
        }

        @Override
        public double[][] centredContributions(History history, int[] items) {
            double[][] out = new double[items.length][history.size()];
            for (int r = 0; r < items.length; r++) {
                for (int t = 0; t < history.size(); t++) {
                    WeightedEvent ev = history.event(t);
                    int i = ev.item();
                    out[r][t] = ev.weight() * (x.similarity(i, items[r]) - textRowMean[i]);
                }
            }
            return out;
        }
    }
}
