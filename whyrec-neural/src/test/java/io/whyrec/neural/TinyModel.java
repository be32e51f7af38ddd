package io.whyrec.neural;

import io.whyrec.api.Progress;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import io.whyrec.neural.train.SasRecTrainer;

/** One tiny SASRec trained on {@link RuleSequences}, shared by the test classes of a run (a few seconds). */
public final class TinyModel {

    /** maxLen 8, dim 16, one block, one head, no dropout, lr 0.01, 25 epochs, checks every 5 epochs. */
    public static final SasRecConfig CONFIG = new SasRecConfig(8, 16, 1, 1, 0.0, 0.01, 32, 25, 5, 100, 7L);

    private static SasRec model;

    private TinyModel() {
    }

    /** The trained model (trained on first use; never closed, the JVM ends with the test run). */
    public static synchronized SasRec get() {
        if (model == null) {
            model = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(200, 40, 1), CONFIG, Progress.NONE)
                    .model();
        }
        return model;
    }
}
