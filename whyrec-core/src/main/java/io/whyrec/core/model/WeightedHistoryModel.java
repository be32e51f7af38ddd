package io.whyrec.core.model;

import io.whyrec.core.profile.EventWeighting;

/**
 * Capability of a model that must read histories built with the seed formula under its own weighting, rather
 * than the plain binary history: the profile model always, and EASE and ItemKNN when their configuration names a
 * formula weighting (their weights are learnt from the binary matrix either way; the weighting only changes the
 * history they score). Callers build its histories with {@link ModelHistories#of}, and evaluation protocols with
 * {@link io.whyrec.core.profile.HistoryBuilder} and {@link #weighting()}, so the weights disclosed for an event
 * are the weights the ranking used.
 */
public interface WeightedHistoryModel {

    /** The weighting the histories given to this model must be built with; never null. */
    EventWeighting weighting();
}
