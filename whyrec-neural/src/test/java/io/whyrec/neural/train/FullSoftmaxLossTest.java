package io.whyrec.neural.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.whyrec.neural.NeuralEngine;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecBlock;
import io.whyrec.neural.model.SasRecConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written output-layer gradient of the full-softmax loss equals autograd through {@code logSoftmax} and
 * {@code gather}, for every parameter of a tiny seeded network, and its reported value is the mean cross-entropy.
 */
class FullSoftmaxLossTest {

    @Test
    void surrogateGradientEqualsAutogradOfTheCrossEntropy() {
        SasRecConfig cfg = new SasRecConfig(6, 8, 1, 2, 0.0, 1e-3, 4, 1, 1, 1, 3L);
        try (SasRec model = SasRec.initialise(13, cfg)) {
            SasRecBlock block = model.block();
            NDManager manager = model.djlModel().getNDManager();
            Engine engine = NeuralEngine.engine();
            JniUtils.setGradMode(false);
            // two right-aligned sequences of 4 and 6 events; 3 + 5 prediction rows
            long[] ids = {0, 0, 3, 5, 1, 9, 2, 4, 4, 7, 12, 1};
            long[] rows = {3, 4, 5, 7, 8, 9, 10, 11};
            long[] targets = {4, 0, 8, 3, 3, 6, 11, 0};
            Map<String, float[]> hand = gradients(block, manager, engine, ids, rows, targets, true);
            float handLoss = lastValue;
            Map<String, float[]> auto = gradients(block, manager, engine, ids, rows, targets, false);
            assertEquals(lastValue, handLoss, 1e-5, "loss value");
            // a random network gives about ln(13) = 2.56 nats
            assertTrue(handLoss > 1.5 && handLoss < 4, "loss " + handLoss);
            for (String name : auto.keySet()) {
                float[] a = auto.get(name);
                float[] b = hand.get(name);
                // float32 noise: 1e-4 of the largest entry, plus 1e-7 for gradients that are 0 in exact arithmetic
                // (the key bias: softmax ignores a constant shift)
                double scale = 0;
                for (float v : a) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-4 * scale + 1e-7, name + "[" + i + "]");
                }
            }
            assertTrue(maxAbs(auto.get("itemEmbedding")) > 0, "the item table receives a gradient");
        }
    }

    private static float lastValue;

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static Map<String, float[]> gradients(SasRecBlock block, NDManager manager, Engine engine, long[] ids,
                                                  long[] rows, long[] targets, boolean hand) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            NDArray idArray = manager.create(ids, new Shape(2, 6));
            NDArray rowArray = manager.create(rows);
            NDArray targetArray = manager.create(targets).reshape(-1, 1);
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray h = block.hidden(idArray, false).reshape(12, 8).get(rowArray);
                if (hand) {
                    SasRecTrainer.Loss loss = SasRecTrainer.fullSoftmaxLoss(block, h, targetArray);
                    gc.backward(loss.surrogate());
                    lastValue = loss.value();
                } else {
                    NDArray loss = block.logits(h).logSoftmax(-1).gather(targetArray, 1).mean().neg();
                    gc.backward(loss);
                    lastValue = loss.getFloat();
                }
            }
            for (var e : block.getParameters()) {
                Parameter p = e.getValue();
                NDArray g = p.getArray().getGradient();
                out.put(e.getKey(), g.toFloatArray());
                g.muli(0f);
            }
        }
        return out;
    }
}
