package io.whyrec.text.coldstart;

import io.whyrec.api.Shuffle;
import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A recommender whose ties are broken in a seeded random order instead of by item index. Each item gets a rank
 * in a seeded permutation, and its score is raised by {@code rank / n} times half the smallest gap between two
 * distinct scores of the same history, which orders tied items by the permutation and never swaps items whose
 * scores differ. It is what makes popularity a fair baseline on cold items, where every count is 0 and the item
 * index (the import order) would otherwise decide.
 */
public final class SeededTieBreak implements Recommender {

    private final Recommender base;
    private final double[] rank;

    /** Wraps a model; {@code seed} chooses the permutation. */
    public SeededTieBreak(Recommender base, long seed) {
        this.base = base;
        int n = base.numItems();
        int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
        this.rank = new double[n];
        for (int p = 0; p < n; p++) {
            rank[perm[p]] = p / (double) n;
        }
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public Map<String, Object> params() {
        return base.params();
    }

    @Override
    public int numItems() {
        return base.numItems();
    }

    @Override
    public void score(History history, double[] out) {
        base.score(history, out);
        double[] sorted = out.clone();
        Arrays.sort(sorted);
        double gap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < sorted.length; i++) {
            double d = sorted[i] - sorted[i - 1];
            if (d > 0 && d < gap) {
                gap = d;
            }
        }
        double step = Double.isInfinite(gap) ? 1.0 : gap / 2;
        for (int i = 0; i < out.length; i++) {
            out[i] += rank[i] * step;
        }
    }
}
