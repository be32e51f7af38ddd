package io.whyrec.explain.quality;

import io.whyrec.api.ItemScorer;
import io.whyrec.explain.MaskedScore;

/**
 * Insertion curve: start from the empty history and insert the n most attributed events, n = 0..N, recording
 * the item's score divided by its score with the full history ({@code s(only first n) / s(full)}). When the
 * history has fewer than N events the curve stays at its last value (1 once every event is back). Higher area
 * = the top events alone rebuild the score. Needs s(full) > 0; otherwise values and area are NaN.
 */
public final class InsertionCurve extends OrderedMaskCurve {

    /**
     * @param model the model
     * @param steps N, the number of insertion steps
     */
    public InsertionCurve(ItemScorer model, int steps) {
        super(model, steps, "InsertionCurve");
    }

    @Override
    boolean startKept() {
        return false;
    }

    /** s(full): the score with the full history. */
    @Override
    double reference(MaskedScore f, boolean[] start) {
        return f.all();
    }
}
