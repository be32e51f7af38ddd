package io.whyrec.neural.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.neural.NeuralEngine;
import java.util.List;
import java.util.Map;

/**
 * The same EASE model as {@link EaseSpec} (model name "ease", same configuration, grid and closed form
 * {@code P = (X^T X + lambda I)^-1}, {@code B[i][j] = -P[i][j] / P[j][j]}, zero diagonal), with the dense inverse
 * computed by PyTorch's LAPACK in single precision instead of whyrec-core's Java Cholesky, for catalogues of
 * ten thousand items and more (measured times in docs/neural.md, "EASE on PyTorch"). The Gram matrix is built by {@link BinaryMatrix#gramLower} as in the core fit.
 *
 * <p>Single precision: the Gram matrix holds integer co-occurrence counts plus lambda on the diagonal, so its
 * condition number is at most {@code (lambda + largest eigenvalue) / lambda}; the unit test checks the weights
 * against the double-precision core fit.
 */
public final class TorchEaseSpec implements ModelSpec<EaseConfig> {

    private final EaseSpec core = new EaseSpec();
    private final List<EaseConfig> grid;

    /** The spec with {@link EaseSpec}'s tuning grid. */
    public TorchEaseSpec() {
        this(new EaseSpec().tuningGrid());
    }

    /** The spec with another tuning grid (fewer fits on large catalogues). */
    public TorchEaseSpec(List<EaseConfig> grid) {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("ease (torch): the tuning grid is empty");
        }
        this.grid = List.copyOf(grid);
    }

    @Override
    public String name() {
        return Ease.NAME;
    }

    @Override
    public EaseConfig defaults() {
        return core.defaults();
    }

    @Override
    public List<EaseConfig> tuningGrid() {
        return grid;
    }

    @Override
    public EaseConfig configure(Map<String, String> overrides) {
        return core.configure(overrides);
    }

    @Override
    public Recommender fit(Dataset train, EaseConfig config, Progress progress) {
        return fit(BinaryMatrix.of(train), config, progress);
    }

    /** Fits EASE on a binary matrix with the inverse computed by PyTorch (float32). */
    public static Ease fit(BinaryMatrix x, EaseConfig config, Progress progress) {
        int n = x.numItems();
        progress.update("ease (torch): Gram matrix", 0, 3);
        double[] g = x.gramLower(Runtime.getRuntime().availableProcessors());
        float[] f = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                float v = (float) g[i * n + j];
                f[i * n + j] = v;
                f[j * n + i] = v;
            }
            f[i * n + i] = (float) (g[i * n + i] + config.lambda());
        }
        g = null;
        progress.update("ease (torch): inverse", 1, 3);
        NeuralEngine.engine();
        float[] p;
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), NeuralEngine.ENGINE)) {
            NDArray gram = m.create(f, new Shape(n, n));
            f = null;
            p = gram.inverse().toType(DataType.FLOAT32, false).toFloatArray();
        }
        progress.update("ease (torch): weights", 2, 3);
        return Ease.ofWeights(n, config, Ease.weightsFromInverseInPlace(p, n));
    }
}
