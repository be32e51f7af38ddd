package io.whyrec.text;

import io.whyrec.core.model.ModelProvider;

/** Offers "content" and "hybrid" to the model registry when whyrec-text is on the class path. */
public final class TextModelProvider implements ModelProvider {

    @Override
    public void register() {
        TextModels.register();
    }
}
