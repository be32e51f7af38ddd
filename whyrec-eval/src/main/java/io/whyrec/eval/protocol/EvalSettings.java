package io.whyrec.eval.protocol;

import io.whyrec.core.profile.Histories;
import java.util.Objects;

/**
 * Settings shared by the evaluation protocols, with their defaults in {@link #defaults()}.
 *
 * @param histories       how a user's history is built from the visible events; default
 *                        {@link Histories#binary} (every distinct item once, weight 1)
 * @param threads         worker threads for scoring users (users are independent; results do not depend on
 *                        this); default 2
 * @param validationRatio share of each user's training events kept for fitting when the given-split protocol
 *                        carves a validation split from train, in (0, 1); default 0.8
 */
public record EvalSettings(HistoryFunction histories, int threads, double validationRatio) {

    /** Default number of scoring threads. */
    public static final int DEFAULT_THREADS = 2;

    /** Default share of training events kept for the inner fit when tuning on a given split. */
    public static final double DEFAULT_VALIDATION_RATIO = 0.8;

    /** Checks the values. */
    public EvalSettings {
        Objects.requireNonNull(histories, "histories");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!(validationRatio > 0 && validationRatio < 1)) {
            throw new IllegalArgumentException("validationRatio must be in (0, 1), got " + validationRatio);
        }
    }

    /** Binary histories, 2 threads, 0.8 of train kept for the inner fit. */
    public static EvalSettings defaults() {
        return new EvalSettings(Histories::binary, DEFAULT_THREADS, DEFAULT_VALIDATION_RATIO);
    }

    /** The same settings with another history function. */
    public EvalSettings withHistories(HistoryFunction newHistories) {
        return new EvalSettings(newHistories, threads, validationRatio);
    }

    /** The same settings with another number of threads. */
    public EvalSettings withThreads(int newThreads) {
        return new EvalSettings(histories, newThreads, validationRatio);
    }
}
