package io.whyrec.eval.metric;

import java.util.List;

/**
 * Novelty@K as mean self-information (Zhou et al., PNAS 2010): every recommended slot (the first K items of
 * every evaluated user's list, pooled) contributes {@code -log2(pop_i / numUsers)}, where {@code pop_i} is the
 * number of distinct training users who interacted with item i and {@code numUsers} the number of users with
 * at least one training event; the value is the mean over all slots, in bits. An item never seen in training
 * counts as {@code pop_i = 1}, the rarest possible. When every list has K items this equals the mean over
 * users of each user's mean self-information.
 */
public final class Novelty implements ListMetric {

    @Override
    public String name(int k) {
        return "Novelty@" + k;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double value(List<int[]> rankings, CatalogueStats stats, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("Novelty: cut-off k must be positive, got " + k);
        }
        double sum = 0;
        long slots = 0;
        double log2 = Math.log(2);
        for (int[] ranked : rankings) {
            int n = Math.min(k, ranked.length);
            for (int r = 0; r < n; r++) {
                int pop = Math.max(1, stats.userPopularity()[ranked[r]]);
                sum += -Math.log((double) pop / stats.numUsers()) / log2;
                slots++;
            }
        }
        return slots == 0 ? 0.0 : sum / slots;
    }
}
