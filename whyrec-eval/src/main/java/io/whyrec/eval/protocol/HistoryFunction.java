package io.whyrec.eval.protocol;

import io.whyrec.api.History;
import io.whyrec.core.data.Dataset;

/**
 * Builds the history a model is asked to recommend for, from the events a protocol allows it to see. The
 * default is {@link io.whyrec.core.profile.Histories#binary}; a model trained with its own event weighting
 * passes a function that applies the same weighting, so it is evaluated on the input it was built for.
 */
@FunctionalInterface
public interface HistoryFunction {

    /**
     * The history of one user.
     *
     * @param visible the events the protocol lets the model see (the training part)
     * @param user    dense user index
     */
    History of(Dataset visible, int user);
}
