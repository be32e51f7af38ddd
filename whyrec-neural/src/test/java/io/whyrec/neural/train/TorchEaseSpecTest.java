package io.whyrec.neural.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The PyTorch EASE fit gives the weights of the core double-precision fit. */
class TorchEaseSpecTest {

    @Test
    void weightsEqualTheCoreFit() {
        // 60 seeded users, 25 items, each user with 3..10 distinct items
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 25;
        int[][] users = new int[60][];
        for (int u = 0; u < users.length; u++) {
            users[u] = rnd.ints(0, n).distinct().limit(3 + rnd.nextInt(8)).sorted().toArray();
        }
        BinaryMatrix x = BinaryMatrix.of(n, users);
        EaseConfig cfg = new EaseConfig(5);
        Ease exact = Ease.fit(x, cfg, 1, Progress.NONE);
        Ease torch = TorchEaseSpec.fit(x, cfg, Progress.NONE);
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                max = Math.max(max, Math.abs(exact.weight(i, j)));
                assertEquals(exact.weight(i, j), torch.weight(i, j), 1e-5, "B[" + i + "][" + j + "]");
            }
            assertEquals(0.0, torch.weight(i, i), "diagonal");
        }
        assertTrue(max > 0.01, "non-trivial weights, max |B| = " + max);
    }
}
