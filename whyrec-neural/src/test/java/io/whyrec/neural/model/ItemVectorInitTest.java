package io.whyrec.neural.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.whyrec.api.Progress;
import io.whyrec.neural.RuleSequences;
import io.whyrec.neural.train.SasRecTrainer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Text-initialised item embeddings: the projection keeps the geometry, is seeded, and reaches the network. */
class ItemVectorInitTest {

    // three items in 3-D; mean = (1/3, 1/3, 2/3), so the centred vectors are
    // a = (2/3, -1/3, -2/3), b = (-1/3, 2/3, -2/3), c = (-1/3, -1/3, 4/3)
    // cos(a, b) = (-2/9 - 2/9 + 4/9) / (1 * 1) = 0; cos(a, c) = (-2/9 + 1/9 - 8/9) / (1 * sqrt(2)) = -1/sqrt(2)
    static final float[][] V = {{1, 0, 0}, {0, 1, 0}, {0, 0, 2}};

    static double cos(float[] x, float[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return dot / Math.sqrt(nx * ny);
    }

    @Test
    void keepsAnglesOfTheCentredVectorsAndHasMeanNormOne() {
        // with 4096 output dimensions the random projection distorts cosines by about 1/sqrt(4096) = 0.016
        float[][] p = ItemVectorInit.project(V, 4096, 11);
        assertEquals(0.0, cos(p[0], p[1]), 0.05);
        assertEquals(-1 / Math.sqrt(2), cos(p[0], p[2]), 0.05);
        double norms = 0;
        for (float[] row : p) {
            double n = 0;
            for (float x : row) {
                n += x * x;
            }
            norms += Math.sqrt(n);
        }
        assertEquals(1.0, norms / 3, 1e-5);
    }

    @Test
    void isSeededAndGivesItemsWithoutAVectorARandomRow() {
        float[][] withGap = {V[0], null, V[2]};
        float[][] a = ItemVectorInit.project(withGap, 16, 3);
        float[][] b = ItemVectorInit.project(withGap, 16, 3);
        float[][] c = ItemVectorInit.project(withGap, 16, 4);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a[i], b[i]);
        }
        assertFalse(Arrays.equals(a[0], c[0]));
        assertTrue(Arrays.stream(new int[] {0, 1, 2}).allMatch(i -> a[1][i] != 0f), "random row for the gap");
        assertThrows(IllegalArgumentException.class, () -> ItemVectorInit.project(new float[][] {{1, 2}, {1}}, 4, 1));
    }

    @Test
    void theNetworkStartsFromTheVectorsAndTrainsFromThere() {
        SasRecConfig cfg = new SasRecConfig(8, 16, 1, 1, 0.0, 0.01, 32, 1, 1, 100, 7L);
        float[][] text = new float[RuleSequences.N][5];
        for (int i = 0; i < text.length; i++) {
            text[i][i % 5] = 1 + i;
        }
        float[][] init = ItemVectorInit.project(text, cfg.dim(), cfg.seed());
        try (SasRec m = SasRec.initialise(RuleSequences.N, cfg)) {
            m.block().setItemVectors(init);
            NDArray table = m.block().itemTable();
            float[] row3 = table.get(4).toFloatArray();
            assertArrayEquals(init[3], row3);
            assertThrows(IllegalArgumentException.class, () -> m.block().setItemVectors(new float[3][16]));
        }
        // one epoch moves the embeddings away from the start, and the run is reproducible
        float[] first;
        try (SasRec t = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(50, 10, 1), cfg, init, Progress.NONE)
                .model()) {
            first = t.block().itemTable().get(4).toFloatArray();
            assertFalse(Arrays.equals(init[3], first));
        }
        try (SasRec t = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(50, 10, 1), cfg, init, Progress.NONE)
                .model()) {
            assertArrayEquals(first, t.block().itemTable().get(4).toFloatArray());
        }
    }
}
