package io.whyrec.neural;

import io.whyrec.core.model.Models;
import io.whyrec.core.store.ModelStore;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.train.SasRecSpec;

/**
 * Adds the neural models ("sasrec") to the core model registry, which cannot depend on this module. Call
 * {@link #register()} once at start-up when whyrec-neural is on the class path; it also makes the PyTorch engine
 * offline ({@link NeuralEngine#configure()}) before DJL is first touched.
 */
public final class NeuralModels {

    private NeuralModels() {
    }

    /** Configures the offline engine, registers the "sasrec" spec and its model-file reader. */
    public static void register() {
        NeuralEngine.configure();
        Models.register(new SasRecSpec());
        ModelStore.register(SasRec.NAME, SasRec::readPayload);
    }
}
