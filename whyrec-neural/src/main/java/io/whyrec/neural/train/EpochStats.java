package io.whyrec.neural.train;

/**
 * What one training epoch measured.
 *
 * @param epoch         1-based epoch number
 * @param loss          mean cross-entropy over the epoch's training pairs (nats)
 * @param validationNdcg NDCG@10 of the validation targets after the epoch, or NaN when not measured this epoch
 * @param seconds       wall-clock seconds of the epoch's training steps (validation excluded)
 * @param skippedSteps  training steps of the epoch skipped because their loss or gradient was not finite
 */
public record EpochStats(int epoch, double loss, double validationNdcg, double seconds, int skippedSteps) {
}
