package io.whyrec.core.model;

import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.Histories;
import io.whyrec.core.profile.HistoryBuilder;

/**
 * Builds the history a given model reads: the seed-formula history under the model's weighting for a
 * {@link WeightedHistoryModel}, otherwise the binary history (every distinct item once, weight 1, or -1 when the
 * user's last event on it is of a default negative type such as dislike; see {@link Histories#binary}). Both are
 * signed, so an additive model scores the items that a disliked item would raise lower.
 */
public final class ModelHistories {

    private ModelHistories() {
    }

    /** The history of a user in a dataset, as the model expects it. */
    public static History of(ItemScorer model, Dataset data, int user) {
        if (model instanceof WeightedHistoryModel weighted) {
            return HistoryBuilder.build(data, user, weighted.weighting());
        }
        return Histories.binary(data, user);
    }
}
