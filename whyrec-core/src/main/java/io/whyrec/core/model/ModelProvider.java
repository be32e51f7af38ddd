package io.whyrec.core.model;

/**
 * A module that adds models which core cannot depend on (whyrec-text's "content" and "hybrid", whyrec-neural's
 * "sasrec"). Implementations are listed in {@code META-INF/services/io.whyrec.core.model.ModelProvider}; the
 * registry {@link Models} finds every provider on the class path once, when it is first used, so a command line
 * or server started with the module on its class path offers those models under their names with no code change.
 */
public interface ModelProvider {

    /** Registers the module's specs with {@link Models#register} and any model-file readers it needs. */
    void register();
}
