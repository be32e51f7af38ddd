package io.whyrec.explain;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Recommender;
import io.whyrec.api.WeightedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small models, histories and catalogues for the explainer tests. */
public final class ToyModels {

    private ToyModels() {
    }

    /** s_j = sum_t w_t * B[item_t][j]: additive, with exact contributions w_t * B[item_t][j]. */
    public static final class Linear implements AdditiveScorer, Recommender {
        final double[][] b;

        public Linear(double[][] b) {
            this.b = b;
        }

        @Override
        public int numItems() {
            return b[0].length;
        }

        @Override
        public void score(History history, double[] out) {
            java.util.Arrays.fill(out, 0.0);
            for (WeightedEvent e : history.events()) {
                double[] row = b[e.item()];
                for (int j = 0; j < out.length; j++) {
                    out[j] += e.weight() * row[j];
                }
            }
        }

        @Override
        public double[] contributions(History history, int item) {
            double[] c = new double[history.size()];
            for (int t = 0; t < c.length; t++) {
                WeightedEvent e = history.event(t);
                c[t] = e.weight() * b[e.item()][item];
            }
            return c;
        }

        @Override
        public String name() {
            return "toy-linear";
        }

        @Override
        public Map<String, Object> params() {
            return Map.of();
        }
    }

    /** s_j = sigmoid(sum_t w_t * B[item_t][j] - 1): not additive. */
    public static final class Sigmoid implements ItemScorer {
        final Linear inner;

        public Sigmoid(double[][] b) {
            this.inner = new Linear(b);
        }

        @Override
        public int numItems() {
            return inner.numItems();
        }

        @Override
        public void score(History history, double[] out) {
            inner.score(history, out);
            for (int j = 0; j < out.length; j++) {
                out[j] = 1.0 / (1.0 + Math.exp(-(out[j] - 1.0)));
            }
        }
    }

    /** s_j = max_t w_t * B[item_t][j], 0 for the empty history: not additive. */
    public static final class Max implements ItemScorer {
        final double[][] b;

        public Max(double[][] b) {
            this.b = b;
        }

        @Override
        public int numItems() {
            return b[0].length;
        }

        @Override
        public void score(History history, double[] out) {
            java.util.Arrays.fill(out, history.size() == 0 ? 0.0 : Double.NEGATIVE_INFINITY);
            for (WeightedEvent e : history.events()) {
                double[] row = b[e.item()];
                for (int j = 0; j < out.length; j++) {
                    out[j] = Math.max(out[j], e.weight() * row[j]);
                }
            }
        }
    }

    /** A dense n x n matrix with entries uniform in [0, 1) (non-negative, like item-item similarities). */
    public static double[][] randomB(int n, SplittableRandom rnd) {
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = rnd.nextDouble();
            }
        }
        return b;
    }

    /** A history of m distinct random items with weights uniform in [0.2, 1.2) and increasing timestamps. */
    public static History randomHistory(int user, int m, int numItems, SplittableRandom rnd) {
        int[] perm = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            perm[i] = i;
        }
        List<WeightedEvent> events = new ArrayList<>();
        for (int t = 0; t < m; t++) {
            int j = t + rnd.nextInt(numItems - t);
            int tmp = perm[t];
            perm[t] = perm[j];
            perm[j] = tmp;
            double w = 0.2 + rnd.nextDouble();
            events.add(new WeightedEvent(perm[t], 1_000_000L + 3600L * t, 1, 1, 1, w));
        }
        return new History(user, events);
    }

    /** An item catalogue from explicit titles and facets. */
    public static ItemInfo info(List<String> titles, List<List<String>> facets) {
        return new ItemInfo() {
            @Override
            public String title(int item) {
                return titles.get(item);
            }

            @Override
            public List<String> facets(int item) {
                return facets.get(item);
            }
        };
    }
}
