package io.whyrec.core.model;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import java.util.List;
import java.util.Objects;

/**
 * A per-history standardised blend of two additive parts p and q: for a history H,
 * {@code s_j = (1 - a) (p_j - mean p) / sd p + a (q_j - mean q) / sd q}, where the mean and the standard deviation
 * of each part are taken over all items for this history, so both parts are on one scale whatever the user. It is
 * the shared arithmetic of {@link EaseIalsBlend} and of whyrec-text's hybrid model.
 *
 * <p>When each part can split its centred score {@code p_j - mean p} exactly over the history's events, so can the
 * blend: event t contributes {@code (1 - a) / sd p} times its part in p plus {@code a / sd q} times its part in q,
 * and the contributions sum to the score. The standard deviations are fixed for one history, so the blend is
 * additive for that history but not linear in it. A part with weight 0 is not scored, and a part whose scores are
 * constant over the catalogue (standard deviation 0) adds nothing.
 */
public final class StandardisedBlend {

    /** One additive part of a blend: its scores over the catalogue and the events' shares of the centred score. */
    public interface Part {

        /**
         * Scores every item for a history.
         *
         * @param history the weighted history
         * @param out     one score per item, overwritten
         * @return the mean of the scores over the items, the mean that {@link #centredContributions} subtracts
         */
        double score(History history, double[] out);

        /**
         * Event t's share of {@code p_j - mean p} for each listed item (items inside the catalogue).
         *
         * @param history the weighted history
         * @param items   dense indices of the scored items
         * @return {@code out[r][t]} for item {@code items[r]} and event t, summing over t to the centred score
         */
        double[][] centredContributions(History history, int[] items);
    }

    private final String name;
    private final Part first;
    private final Part second;
    private final double blend;
    private final int n;

    /**
     * Blends two parts over one catalogue.
     *
     * @param name     the model's name, which starts the messages of the errors
     * @param first    the part of weight {@code 1 - blend}
     * @param second   the part of weight {@code blend}
     * @param blend    the weight of the second part, in [0, 1]
     * @param numItems the number of items both parts score
     * @throws IllegalArgumentException when blend is outside [0, 1]
     */
    public StandardisedBlend(String name, Part first, Part second, double blend, int numItems) {
        this.name = Objects.requireNonNull(name, "name");
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
        if (!(blend >= 0 && blend <= 1)) {
            throw new IllegalArgumentException(name + ": blend must be in [0, 1], got " + blend);
        }
        this.blend = blend;
        this.n = numItems;
    }

    /**
     * One history's standardisation: the factors {@code (1 - a) / sd p} and {@code a / sd q} (0 for a part with
     * weight 0 or standard deviation 0), the parts' scores and their means.
     */
    private record Scale(double fp, double[] p, double meanP, double fq, double[] q, double meanQ) {
    }

    private Scale scale(History history) {
        double[] p = new double[n];
        double[] q = new double[n];
        double fp = 0;
        double meanP = 0;
        double fq = 0;
        double meanQ = 0;
        if (blend < 1) {
            meanP = first.score(history, p);
            double sd = sd(p, meanP);
            fp = sd > 0 ? (1 - blend) / sd : 0;
        }
        if (blend > 0) {
            meanQ = second.score(history, q);
            double sd = sd(q, meanQ);
            fq = sd > 0 ? blend / sd : 0;
        }
        return new Scale(fp, p, fp != 0 ? meanP : 0, fq, q, fq != 0 ? meanQ : 0);
    }

    /**
     * Scores every item: {@code out[j] = s_j}.
     *
     * @param history the weighted history
     * @param out     one score per item, overwritten
     * @throws IllegalArgumentException when out's length is not the number of items
     */
    public void score(History history, double[] out) {
        if (out.length != n) {
            throw new IllegalArgumentException(name + ": score array has length " + out.length + ", expected " + n);
        }
        Scale s = scale(history);
        for (int j = 0; j < n; j++) {
            out[j] = s.fp * (s.p[j] - s.meanP) + s.fq * (s.q[j] - s.meanQ);
        }
    }

    /**
     * The exact contributions of the history's events to several items' scores.
     *
     * @param history the weighted history
     * @param items   dense indices of the scored items
     * @return {@code out[r][t]} for item {@code items[r]} and event t, summing over t to {@code s_{items[r]}}
     * @throws IllegalArgumentException when an item is outside the catalogue
     */
    public double[][] contributions(History history, int[] items) {
        for (int item : items) {
            if (item < 0 || item >= n) {
                throw new IllegalArgumentException(name + ": item index " + item + " outside 0.." + (n - 1));
            }
        }
        Scale s = scale(history);
        int size = history.size();
        double[][] out = new double[items.length][size];
        if (s.fp != 0) {
            double[][] c = first.centredContributions(history, items);
            for (int r = 0; r < items.length; r++) {
                for (int t = 0; t < size; t++) {
                    out[r][t] = s.fp * c[r][t];
                }
            }
        }
        if (s.fq != 0) {
            double[][] c = second.centredContributions(history, items);
            for (int r = 0; r < items.length; r++) {
                for (int t = 0; t < size; t++) {
                    out[r][t] += s.fq * c[r][t];
                }
            }
        }
        return out;
    }

    /** The mean of v (0 for an empty array). */
    static double mean(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    /** The standard deviation of v around the given mean (0 for an empty array). */
    static double sd(double[] v, double mean) {
        double s = 0;
        for (double a : v) {
            s += (a - mean) * (a - mean);
        }
        return v.length == 0 ? 0 : Math.sqrt(s / v.length);
    }

    /**
     * EASE as a part, {@code e_j = sum_t w_t B[i_t, j]}: its mean over items is {@code sum_t w_t rowMean(B)[i_t]},
     * so event t's share of the centred score is {@code w_t (B[i_t, j] - rowMean(B)[i_t])}. Building it costs one
     * pass over B.
     *
     * @param ease a fitted EASE
     * @return the part
     */
    public static Part ease(Ease ease) {
        return new EasePart(ease);
    }

    /** EASE with the row means of B. */
    private static final class EasePart implements Part {

        private final Ease ease;
        /** rowMean(B)[i] = (1 / n) sum_j B[i, j]. */
        private final double[] rowMean;

        EasePart(Ease ease) {
            this.ease = Objects.requireNonNull(ease, "ease");
            int n = ease.numItems();
            this.rowMean = new double[n];
            double[] row = new double[n];
            for (int i = 0; i < n; i++) {
                ease.score(new History(0, List.of(WeightedEvent.unit(i, 0))), row);
                double s = 0;
                for (double v : row) {
                    s += v;
                }
                rowMean[i] = s / n;
            }
        }

        /** mean e = sum_t w_t rowMean(B)[i_t], the mean over items of EASE's score, as the contributions sum it. */
        @Override
        public double score(History history, double[] out) {
            ease.score(history, out);
            double m = 0;
            for (WeightedEvent ev : history.events()) {
                if (ev.weight() != 0.0) {
                    m += ev.weight() * rowMean[ev.item()];
                }
            }
            return m;
        }

        @Override
        public double[][] centredContributions(History history, int[] items) {
            double[][] c = ease.contributions(history, items);
            int size = history.size();
            for (int r = 0; r < items.length; r++) {
                for (int t = 0; t < size; t++) {
                    WeightedEvent ev = history.event(t);
                    double w = ev.weight();
                    c[r][t] = w == 0.0 ? 0.0 : c[r][t] - w * rowMean[ev.item()];
                }
            }
            return c;
        }
    }
}
