package io.whyrec.core.model;

import io.whyrec.core.profile.EventWeighting;

/**
 * Capability of a model that must read histories built with the seed formula under its own weighting (the
 * profile model), rather than the plain binary history the collaborative models were trained on. Callers build
 * its histories with {@link ModelHistories#of}.
 */
public interface WeightedHistoryModel {

    /** The weighting the histories given to this model must be built with. */
    EventWeighting weighting();
}
