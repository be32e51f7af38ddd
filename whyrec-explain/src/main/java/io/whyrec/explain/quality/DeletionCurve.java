package io.whyrec.explain.quality;

import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.explain.MaskedScore;
import io.whyrec.explain.ScoringAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deletion curve (Petsiuk et al., RISE, BMVC 2018, applied to history events): remove the n most attributed
 * events, n = 0..N, re-score, and record the item's score divided by its score with the full history
 * (normalisation: {@code s(n) / s(0)}, so the curve starts at 1). When the history has fewer than N events the
 * curve stays at its last value. Lower area = the explanation found what really mattered. The reference is the
 * same curve for seeded random orders, averaged. The normalisation needs s(0) > 0; otherwise the curve's
 * values and area are NaN and callers should count such items separately.
 */
public final class DeletionCurve {

    private final ScoringAdapter adapter;
    private final int steps;

    /**
     * @param model the model
     * @param steps N, the number of removal steps (the acceptance uses 10)
     */
    public DeletionCurve(ItemScorer model, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("DeletionCurve steps must be >= 1, got " + steps);
        }
        this.adapter = new ScoringAdapter(model);
        this.steps = steps;
    }

    /** The curve removing events in descending order of the given attributions. */
    public Curve attributed(History history, int item, double[] attributions) {
        if (attributions.length != history.size()) {
            throw new IllegalArgumentException(attributions.length + " attributions for " + history.size() + " events");
        }
        return curve(adapter.masked(history, item), Orders.byAttribution(attributions));
    }

    /** The mean curve over {@code repeats} seeded random removal orders. */
    public Curve random(History history, int item, int repeats, SplittableRandom rnd) {
        MaskedScore f = adapter.masked(history, item);
        List<Curve> curves = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            curves.add(curve(f, Orders.random(history.size(), rnd)));
        }
        return Curve.mean(curves);
    }

    private Curve curve(MaskedScore f, int[] order) {
        boolean[] keep = new boolean[f.size()];
        Arrays.fill(keep, true);
        double s0 = f.apply(keep);
        double[] v = new double[steps + 1];
        v[0] = s0 / s0;
        for (int n = 1; n <= steps; n++) {
            if (n <= order.length) {
                keep[order[n - 1]] = false;
                v[n] = f.apply(keep) / s0;
            } else {
                v[n] = v[n - 1];
            }
        }
        if (!(s0 > 0)) {
            Arrays.fill(v, Double.NaN);
            return new Curve(v, Double.NaN);
        }
        return Curve.of(v);
    }
}
