package io.whyrec.eval.metric;

import io.whyrec.api.Metric;
import java.util.Set;

/**
 * Recall@K normalised by what is reachable: {@code hits / min(K, |relevant|)}, so a user with more held-out
 * items than K can still reach 1. This is the definition of the whyrec given-split protocol (and of the
 * numpy reference {@code ref_eval.py}).
 */
public final class Recall implements Metric {

    @Override
    public String name(int k) {
        return "Recall@" + k;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double value(int[] ranked, Set<Integer> relevant, int k) {
        Hits.check("Recall", ranked, relevant, k);
        return (double) Hits.count(ranked, relevant, k) / Math.min(k, relevant.size());
    }
}
