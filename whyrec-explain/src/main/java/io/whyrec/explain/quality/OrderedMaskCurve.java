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
 * What the deletion and insertion curves share: N steps along an order of the history's events (the attributions'
 * descending order, or seeded random orders for the reference), each step re-scoring the item with a mask, values
 * normalised by a reference score, the curve held at its last value once the order runs out, and NaN throughout
 * when the reference score is not positive. Subclasses say where the mask starts, what a step does and which
 * score normalises.
 */
abstract class OrderedMaskCurve {

    private final ScoringAdapter adapter;
    private final int steps;

    OrderedMaskCurve(ItemScorer model, int steps, String name) {
        if (steps < 1) {
            throw new IllegalArgumentException(name + " steps must be >= 1, got " + steps);
        }
        this.adapter = new ScoringAdapter(model);
        this.steps = steps;
    }

    /** The curve stepping through events in descending order of the given attributions. */
    public Curve attributed(History history, int item, double[] attributions) {
        if (attributions.length != history.size()) {
            throw new IllegalArgumentException(attributions.length + " attributions for " + history.size() + " events");
        }
        return curve(adapter.masked(history, item), Orders.byAttribution(attributions));
    }

    /** The mean curve over {@code repeats} seeded random orders. */
    public Curve random(History history, int item, int repeats, SplittableRandom rnd) {
        MaskedScore f = adapter.masked(history, item);
        List<Curve> curves = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            curves.add(curve(f, Orders.random(history.size(), rnd)));
        }
        return Curve.mean(curves);
    }

    /** Whether the mask starts with every event kept (deletion) or none (insertion). */
    abstract boolean startKept();

    /** The score every value is divided by. */
    abstract double reference(MaskedScore f, boolean[] start);

    private Curve curve(MaskedScore f, int[] order) {
        boolean[] keep = new boolean[f.size()];
        boolean kept = startKept();
        Arrays.fill(keep, kept);
        double ref = reference(f, keep);
        double[] v = new double[steps + 1];
        v[0] = f.apply(keep) / ref;
        for (int n = 1; n <= steps; n++) {
            if (n <= order.length) {
                keep[order[n - 1]] = !kept;
                v[n] = f.apply(keep) / ref;
            } else {
                v[n] = v[n - 1];
            }
        }
        if (!(ref > 0)) {
            Arrays.fill(v, Double.NaN);
            return new Curve(v, Double.NaN);
        }
        return Curve.of(v);
    }
}
