package io.whyrec.neural.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.whyrec.api.Progress;
import io.whyrec.neural.NeuralEngine;
import io.whyrec.neural.RuleSequences;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A training step whose gradient is not finite is skipped; a run of them fails with a clear message. */
class NonFiniteStepTest {

    @Test
    void aNonFiniteGradientIsDetectedAndDiscardedWithoutTouchingTheParameters() {
        try (SasRec model = SasRec.initialise(RuleSequences.N, SasRecTrainerTest.TINY)) {
            NDManager manager = model.djlModel().getNDManager();
            JniUtils.setGradMode(false);
            List<Parameter> params = new ArrayList<>(model.block().getParameters().values());
            Adam adam = new Adam(params, 0.01, manager);
            NDArray w = params.get(0).getArray();
            float[] before = w.toFloatArray();
            // a real backward pass, so that the parameter has a gradient tensor: d(sum w)/dw = 1
            try (GradientCollector gc = NeuralEngine.engine().newGradientCollector()) {
                gc.backward(w.sum());
            }
            NDArray g = w.getGradient();
            assertTrue(adam.gradientsFinite());
            float[] poisoned = new float[before.length];
            poisoned[0] = Float.NaN;
            poisoned[1] = Float.POSITIVE_INFINITY;
            poisoned[2] = 3f;
            g.muli(0f).addi(manager.create(poisoned, g.getShape()));
            assertFalse(adam.gradientsFinite());
            adam.zeroGradients();
            assertTrue(adam.gradientsFinite());
            assertArrayEquals(new float[before.length], w.getGradient().toFloatArray());
            assertArrayEquals(before, w.toFloatArray());
            // a finite gradient then moves the parameter
            float[] ones = new float[before.length];
            java.util.Arrays.fill(ones, 1f);
            w.getGradient().muli(0f).addi(manager.create(ones, w.getShape()));
            adam.step();
            assertEquals(before[0] - 0.01f, w.toFloatArray()[0], 1e-6);
        }
    }

    @Test
    void aDivergingRunFailsNamingTheLearningRate() {
        SasRecConfig wild = new SasRecConfig(8, 16, 1, 1, 0.0, 1e30, 32, 25, 5, 100, 7L);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SasRecTrainer.train(RuleSequences.N, RuleSequences.data(200, 40, 1), wild, Progress.NONE));
        assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("learningRate"), e.getMessage());
    }
}
