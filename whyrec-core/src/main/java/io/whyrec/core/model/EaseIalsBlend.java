package io.whyrec.core.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.core.files.PersistentModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A collaborative blend of EASE and iALS, named "blend": for a history H,
 * {@code s_j = (1 - a) (e_j - mean e) / sd e + a (u_j - mean u) / sd u}, where {@code e_j = sum_t w_t B[i_t, j]}
 * is {@link Ease}'s score, {@code u_j = x_u^T y_j} is {@link Ials}'s fold-in score, a is
 * {@link EaseIalsBlendConfig#blend()}, and the mean and the standard deviation of each part are taken over all
 * items for this history, so both parts are on one scale whatever the user ({@link StandardisedBlend}, shared
 * with whyrec-text's hybrid model).
 *
 * <p><b>Exact explanations.</b> Both parts are sums over the history's events and so are their means:
 * {@code mean e = sum_t w_t rowMean(B)[i_t]} and {@code mean u = x_u^T ybar = sum_t e_t y_{i_t}^T W_u ybar}, with
 * ybar the mean item factor and {@code e_t y_{i_t}^T W_u} iALS's per-event term (see {@link Ials}). Event t's
 * contribution to item j is therefore exactly
 * {@code (1 - a) w_t (B[i_t, j] - rowMean(B)[i_t]) / sd e + a e_t y_{i_t}^T W_u (y_j - ybar) / sd u}, and the
 * contributions sum to the score ({@link AdditiveScorer}). The standard deviations are the history's own scale:
 * they are fixed for one history, but removing an event changes them (and iALS's W_u), so the score is not linear
 * in the history and a removal changes the score by what re-scoring the shorter history gives, not by the
 * removed event's contribution. A part whose scores are constant over the catalogue (an empty history) has
 * standard deviation 0 and adds nothing.
 *
 * <p>Blend 0 ranks exactly as EASE and blend 1 exactly as iALS (a positive affine map of one part), so a tuning
 * grid that holds 0 can always fall back to EASE. Both parts read the binary history. Building the model costs
 * one pass over B ({@code n^2} reads, for the row means), and each history costs one EASE scoring and one iALS
 * fold-in. References: H. Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019; Y. Hu,
 * Y. Koren and C. Volinsky, "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008.
 */
public final class EaseIalsBlend implements AdditiveScorer, PersistentModel {

    /** The model name and the persisted kind. */
    public static final String NAME = "blend";

    private final Ease ease;
    private final Ials ials;
    private final double blend;
    private final int n;
    /** The standardised blend of the EASE part and the iALS part. */
    private final StandardisedBlend parts;

    /**
     * Blends two fitted parts.
     *
     * @param ease  EASE on the binary history
     * @param ials  iALS on the binary history, over the same items
     * @param blend weight of the iALS part, in [0, 1]
     * @throws IllegalArgumentException when the parts cover different catalogues or read weighted histories
     */
    public EaseIalsBlend(Ease ease, Ials ials, double blend) {
        this.ease = Objects.requireNonNull(ease, "ease");
        this.ials = Objects.requireNonNull(ials, "ials");
        if (ease.numItems() != ials.numItems()) {
            throw new IllegalArgumentException("blend: EASE scores " + ease.numItems() + " items, iALS "
                    + ials.numItems());
        }
        if (!ease.config().binary() || !ials.config().binary()) {
            throw new IllegalArgumentException("blend: both parts must read the binary history");
        }
        if (!(blend >= 0 && blend <= 1)) {
            throw new IllegalArgumentException("blend: blend must be in [0, 1], got " + blend);
        }
        this.blend = blend;
        this.n = ease.numItems();
        this.parts = new StandardisedBlend(NAME, StandardisedBlend.ease(ease), new IalsPart(ials), blend, n);
    }

    /** The EASE part. */
    public Ease ease() {
        return ease;
    }

    /** The iALS part. */
    public Ials ials() {
        return ials;
    }

    /** The weight of the iALS part. */
    public double blend() {
        return blend;
    }

    /** The configuration of both parts and the blend. */
    public EaseIalsBlendConfig config() {
        return new EaseIalsBlendConfig(ease.config().lambda(), ials.config(), blend);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        Map<String, Object> e = ease.params();
        p.put("easeLambda", e.get("lambda"));
        if (e.containsKey("form")) {
            p.put("easeForm", e.get("form"));
        }
        if (e.containsKey("neighbours")) {
            p.put("easeNeighbours", e.get("neighbours"));
        }
        IalsConfig c = ials.config();
        p.put("factors", c.factors());
        p.put("ialsLambda", c.lambda());
        p.put("confidenceAlpha", c.confidenceAlpha());
        p.put("iterations", c.iterations());
        p.put("seed", c.seed());
        p.put("blend", blend);
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

    @Override
    public double[] contributions(History history, int item) {
        return contributions(history, new int[] {item})[0];
    }

    /** {@inheritDoc} See the class comment for the exact per-event term. */
    @Override
    public double[][] contributions(History history, int[] items) {
        return parts.contributions(history, items);
    }

    /**
     * iALS as a part of the blend: its mean over items is {@code x_u^T ybar}, and event t's share of the centred
     * score is {@code e_t y_{i_t}^T W_u (y_j - ybar)}.
     */
    private static final class IalsPart implements StandardisedBlend.Part {

        private final Ials ials;
        /** The mean item factor of iALS. */
        private final double[] meanFactor;

        IalsPart(Ials ials) {
            this.ials = ials;
            int n = ials.numItems();
            int k = ials.config().factors();
            this.meanFactor = new double[k];
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < k; f++) {
                    meanFactor[f] += ials.itemFactor(i, f);
                }
            }
            for (int f = 0; f < k; f++) {
                meanFactor[f] /= Math.max(n, 1);
            }
        }

        /** The mean over items of the fold-in scores (= x_u^T ybar, up to rounding). */
        @Override
        public double score(History history, double[] out) {
            ials.score(history, out);
            return StandardisedBlend.mean(out);
        }

        @Override
        public double[][] centredContributions(History history, int[] items) {
            int k = meanFactor.length;
            double[][] v = new double[items.length][k];
            for (int r = 0; r < items.length; r++) {
                for (int f = 0; f < k; f++) {
                    v[r][f] = ials.itemFactor(items[r], f) - meanFactor[f];
                }
            }
            return ials.contributionsTo(history, v);
        }
    }

    /** Writes EASE's payload, then iALS's. */
    @Override
    public void writePayload(DataOutput out) throws IOException {
        ease.writePayload(out);
        ials.writePayload(out);
    }

    /** Reads a model written by {@link #writePayload}; both parts' configurations come from the stored parameters. */
    public static EaseIalsBlend readPayload(Map<String, Object> params, DataInput in) throws IOException {
        for (String key : List.of("easeLambda", "factors", "ialsLambda", "confidenceAlpha", "iterations", "seed",
                "blend")) {
            if (!params.containsKey(key)) {
                throw new IOException("blend: parameter '" + key + "' is missing");
            }
        }
        Map<String, Object> easeParams = new LinkedHashMap<>();
        easeParams.put("lambda", params.get("easeLambda"));
        if (params.containsKey("easeForm")) {
            easeParams.put("form", params.get("easeForm"));
        }
        if (params.containsKey("easeNeighbours")) {
            easeParams.put("neighbours", params.get("easeNeighbours"));
        }
        Map<String, Object> ialsParams = new LinkedHashMap<>();
        ialsParams.put("factors", params.get("factors"));
        ialsParams.put("lambda", params.get("ialsLambda"));
        ialsParams.put("confidenceAlpha", params.get("confidenceAlpha"));
        ialsParams.put("iterations", params.get("iterations"));
        ialsParams.put("seed", params.get("seed"));
        Ease ease = Ease.readPayload(easeParams, in);
        Ials ials = Ials.readPayload(ialsParams, in);
        double blend;
        try {
            blend = Double.parseDouble(String.valueOf(params.get("blend")));
            return new EaseIalsBlend(ease, ials, blend);
        } catch (IllegalArgumentException e) {
            throw new IOException("blend: " + e.getMessage(), e);
        }
    }
}
