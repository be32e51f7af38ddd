package io.whyrec.neural;

import io.whyrec.core.model.ModelProvider;

/** Offers "sasrec" (and its model-file reader) to the model registry when whyrec-neural is on the class path. */
public final class NeuralModelProvider implements ModelProvider {

    @Override
    public void register() {
        NeuralModels.register();
    }
}
