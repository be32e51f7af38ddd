package io.whyrec.eval.metric;

import io.whyrec.api.Metric;
import java.util.Set;

/**
 * Precision@K: {@code hits / K}. The denominator is K even when the list is shorter or the user has fewer than
 * K relevant items, so its maximum for such a user is {@code |relevant| / K}.
 */
public final class Precision implements Metric {

    @Override
    public String name(int k) {
        return "Precision@" + k;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double value(int[] ranked, Set<Integer> relevant, int k) {
        Hits.check("Precision", ranked, relevant, k);
        return (double) Hits.count(ranked, relevant, k) / k;
    }
}
