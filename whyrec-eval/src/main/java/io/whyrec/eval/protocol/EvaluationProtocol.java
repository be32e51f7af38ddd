package io.whyrec.eval.protocol;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;

/**
 * An offline evaluation protocol: which events a model may be fitted on, which users are evaluated against
 * which held-out items, and how to carve a validation protocol of the same kind from the training part only,
 * for tuning.
 */
public interface EvaluationProtocol {

    /** Protocol name for reports ("given-split", "leave-one-out"). */
    String name();

    /** How the data was split, for reports. */
    String splitName();

    /** The cut-off K. */
    int k();

    /** The events a model evaluated by this protocol is fitted on; never contains a held-out event. */
    Dataset train();

    /** The evaluated users (dense indices, ascending); per-user metric arrays are aligned with this. */
    int[] users();

    /**
     * Users with events that the protocol cannot evaluate (no held-out item it can rank, as its class says),
     * reported beside {@link #users()} so that no user leaves a report unmentioned.
     */
    int droppedUsers();

    /**
     * Ranks for every evaluated user and computes the metrics.
     *
     * @param model    a model fitted on {@link #train()} (or on a subset of it); its scoring must be safe to
     *                 call from several threads at once
     * @param progress receives one unit per evaluated user
     */
    RankingResult evaluate(Recommender model, Progress progress);

    /**
     * A protocol of the same kind built from {@link #train()} alone, whose held-out items are validation
     * targets; hyper-parameters are chosen on it, never on this protocol's held-out items.
     *
     * @param seed seed of any random choice in carving the validation part
     */
    EvaluationProtocol validation(long seed);
}
