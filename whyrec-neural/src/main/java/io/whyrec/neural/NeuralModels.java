package io.whyrec.neural;

import io.whyrec.core.model.Models;
import io.whyrec.explain.ExplainerRegistry;
import io.whyrec.neural.explain.AttentionGradientExplainer;
import io.whyrec.neural.explain.GradientTimesInputExplainer;
import io.whyrec.neural.explain.IntegratedGradientsExplainer;
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

    /**
     * Configures the offline engine, registers the "sasrec" spec (which reads its model files) and the transformer's
     * gradient explanation methods ({@code ig}, {@code gradxinput}, {@code attention}) with the explainer registry.
     */
    public static void register() {
        NeuralEngine.configure();
        Models.register(new SasRecSpec());
        ExplainerRegistry.register(new ExplainerRegistry.Method("ig", m -> m instanceof SasRec,
                (m, info, seed) -> new IntegratedGradientsExplainer((SasRec) m, info,
                        IntegratedGradientsExplainer.DEFAULT_STEPS)));
        ExplainerRegistry.register(new ExplainerRegistry.Method("gradxinput", m -> m instanceof SasRec,
                (m, info, seed) -> new GradientTimesInputExplainer((SasRec) m, info)));
        ExplainerRegistry.register(new ExplainerRegistry.Method("attention", m -> m instanceof SasRec,
                (m, info, seed) -> new AttentionGradientExplainer((SasRec) m, info)));
    }
}
