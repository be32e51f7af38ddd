package io.whyrec.explain.quality;

import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.explain.MaskedScore;
import io.whyrec.explain.ScoringAdapter;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Insertion curve: start from the empty history and insert the n most attributed events, n = 0..N, recording
 * the item's score divided by its score with the full history ({@code s(only first n) / s(full)}). When the
 * history has fewer than N events the curve stays at its last value (1 once every event is back). Higher area
 * = the top events alone rebuild the score. Needs s(full) > 0; otherwise values and area are NaN.
 */
public final class InsertionCurve {

    private final ScoringAdapter adapter;
    private final int steps;

    /**
     * @param model the model
     * @param steps N, the number of insertion steps
     */
    public InsertionCurve(ItemScorer model, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("InsertionCurve steps must be >= 1, got " + steps);
        }
        this.adapter = new ScoringAdapter(model);
        this.steps = steps;
    }

    /** The curve inserting events in descending order of the given attributions. */
    public Curve attributed(History history, int item, double[] attributions) {
        if (attributions.length != history.size()) {
            throw new IllegalArgumentException(attributions.length + " attributions for " + history.size() + " events");
        }
        return curve(adapter.masked(history, item), Orders.byAttribution(attributions));
    }

    /** The mean curve over {@code repeats} seeded random insertion orders. */
    public Curve random(History history, int item, int repeats, SplittableRandom rnd) {
        MaskedScore f = adapter.masked(history, item);
        List<Curve> curves = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            curves.add(curve(f, Orders.random(history.size(), rnd)));
        }
        return Curve.mean(curves);
    }

    private Curve curve(MaskedScore f, int[] order) {
        double full = f.all();
        boolean[] keep = new boolean[f.size()];
        double[] v = new double[steps + 1];
        v[0] = f.apply(keep) / full;
        for (int n = 1; n <= steps; n++) {
            if (n <= order.length) {
                keep[order[n - 1]] = true;
                v[n] = f.apply(keep) / full;
            } else {
                v[n] = v[n - 1];
            }
        }
        if (!(full > 0)) {
            java.util.Arrays.fill(v, Double.NaN);
            return new Curve(v, Double.NaN);
        }
        return Curve.of(v);
    }
}
