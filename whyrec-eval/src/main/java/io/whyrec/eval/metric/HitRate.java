package io.whyrec.eval.metric;

import io.whyrec.api.Metric;
import java.util.Set;

/** Hit rate HR@K: 1 when at least one relevant item is among the top K, else 0. */
public final class HitRate implements Metric {

    @Override
    public String name(int k) {
        return "HR@" + k;
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double value(int[] ranked, Set<Integer> relevant, int k) {
        Hits.check("HR", ranked, relevant, k);
        return Hits.count(ranked, relevant, k) > 0 ? 1.0 : 0.0;
    }
}
