package io.whyrec.explain.quality;

import io.whyrec.api.ItemScorer;
import io.whyrec.explain.MaskedScore;

/**
 * Deletion curve (Petsiuk et al., RISE, BMVC 2018, applied to history events): remove the n most attributed
 * events, n = 0..N, re-score, and record the item's score divided by its score with the full history
 * (normalisation: {@code s(n) / s(0)}, so the curve starts at 1). When the history has fewer than N events the
 * curve stays at its last value. Lower area = the explanation found what really mattered. The reference is the
 * same curve for seeded random orders, averaged. The normalisation needs s(0) > 0; otherwise the curve's
 * values and area are NaN and callers should count such items separately.
 */
public final class DeletionCurve extends OrderedMaskCurve {

    /**
     * @param model the model
     * @param steps N, the number of removal steps (the acceptance uses 10)
     */
    public DeletionCurve(ItemScorer model, int steps) {
        super(model, steps, "DeletionCurve");
    }

    @Override
    boolean startKept() {
        return true;
    }

    /** s(0): the score with the full history. */
    @Override
    double reference(MaskedScore f, boolean[] start) {
        return f.apply(start);
    }
}
