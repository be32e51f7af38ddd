package io.whyrec.neural.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.whyrec.api.History;
import io.whyrec.neural.NeuralEngine;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecBlock;

/**
 * The tensor side of the gradient explainers: differentiates {@code f = p(next = item | history)}, the model's
 * score, with respect to the history's item embeddings along a path {@code alpha * x}, or with respect to each
 * block's attention weights. Only the last {@code maxLen} events reach the model; older events get attribution 0.
 *
 * <p>DJL allows one gradient collector at a time per process, so every call holds a lock; the parameters'
 * gradients that the backward pass accumulates on the way are zeroed before the lock is released, so explaining
 * never disturbs training.
 */
final class GradientCore {

    private static final Object LOCK = new Object();

    private final SasRec model;

    GradientCore(SasRec model) {
        this.model = model;
    }

    /**
     * Gradients along the straight path from the zero embedding to the history's embeddings.
     *
     * @param x      the window's item embeddings, {@code [T][dim]}
     * @param f      the score at each alpha
     * @param grads  {@code df/dx} at each alpha, {@code [A][T][dim]}
     * @param offset history position of the window's first event (earlier events are outside the window)
     */
    record PathGradients(float[][] x, double[] f, float[][][] grads, int offset) {
    }

    /** The window of a (non-empty) history the model reads, as network ids ({@link SasRec#windowIds}). */
    private long[] window(History history) {
        return model.windowIds(history.items());
    }

    /**
     * Evaluates f and its gradient at {@code alpha * x} for each alpha, in one batch.
     *
     * @param history non-empty history
     * @param item    the explained item
     * @param alphas  path points in [0, 1]
     */
    PathGradients path(History history, int item, float[] alphas) {
        int[] items = new int[alphas.length];
        java.util.Arrays.fill(items, item);
        return rows(history, alphas, items);
    }

    /**
     * f and its gradient at the history's own embeddings (alpha = 1) for several items, in one batched forward
     * and backward pass: row r of the batch is the history, its output the probability of {@code items[r]}.
     *
     * @param history non-empty history
     * @param items   the explained items
     * @return one {@link PathGradients} per item, each with one path point
     */
    PathGradients[] atInput(History history, int[] items) {
        float[] ones = new float[items.length];
        java.util.Arrays.fill(ones, 1f);
        PathGradients all = rows(history, ones, items);
        PathGradients[] out = new PathGradients[items.length];
        for (int r = 0; r < items.length; r++) {
            out[r] = new PathGradients(all.x(), new double[] {all.f()[r]}, new float[][][] {all.grads()[r]},
                    all.offset());
        }
        return out;
    }

    /**
     * One batched forward and backward pass: row r scales the window's embeddings by {@code alphas[r]} and
     * differentiates the probability of {@code items[r]}; row r of the result holds that row's f and gradient.
     */
    private PathGradients rows(History history, float[] alphas, int[] items) {
        long[] ids = window(history);
        int t = ids.length;
        int d = model.config().dim();
        int a = alphas.length;
        SasRecBlock block = model.block();
        NDManager manager = model.djlModel().getNDManager();
        synchronized (LOCK) {
            try (NDScope scope = new NDScope()) {
                JniUtils.setGradMode(false);
                NDArray x = block.embed(manager.create(ids, new Shape(1, t))).stopGradient();
                NDArray scaled = manager.create(alphas, new Shape(a, 1, 1)).mul(x);
                scaled.setRequiresGradient(true);
                NDArray real = manager.ones(new Shape(a, t));
                NDArray p;
                try (GradientCollector gc = NeuralEngine.engine().newGradientCollector()) {
                    NDArray hidden = block.encode(scaled, real, context(history, t), false, null)
                            .get(":, " + (t - 1) + ", :");
                    NDArray pick = manager.create(items).oneHot(model.numItems());
                    p = block.logits(hidden).softmax(-1).mul(pick).sum(new int[] {1});
                    gc.backward(p.sum());
                }
                float[] g = scaled.getGradient().toFloatArray();
                float[] xv = x.toFloatArray();
                float[] pv = p.toFloatArray();
                zeroParameterGradients(block);
                float[][] xs = new float[t][d];
                float[][][] gs = new float[a][t][d];
                double[] f = new double[a];
                for (int k = 0; k < a; k++) {
                    f[k] = pv[k];
                    for (int i = 0; i < t; i++) {
                        System.arraycopy(g, (k * t + i) * d, gs[k][i], 0, d);
                    }
                }
                for (int i = 0; i < t; i++) {
                    System.arraycopy(xv, i * d, xs[i], 0, d);
                }
                return new PathGradients(xs, f, gs, history.size() - t);
            }
        }
    }

    /**
     * The gradient-weighted attention of the last position over the window: for each block l, the attention
     * weights A_l of the last query row and {@code df/dA_l} (with the other blocks' weights left in the graph),
     * combined as {@code sum_l mean_heads relu(A_l * df/dA_l)}, one value per window position.
     *
     * @return the relevance per window position, and f
     */
    double[] attentionRelevance(History history, int item, double[] fOut) {
        long[] ids = window(history);
        int t = ids.length;
        SasRecBlock block = model.block();
        int layers = block.config().blocks();
        int heads = block.config().heads();
        NDManager manager = model.djlModel().getNDManager();
        double[] rel = new double[t];
        synchronized (LOCK) {
            for (int layer = 0; layer < layers; layer++) {
                try (NDScope scope = new NDScope()) {
                    JniUtils.setGradMode(false);
                    NDArray x = block.embed(manager.create(ids, new Shape(1, t))).stopGradient();
                    NDArray real = manager.ones(new Shape(1, t));
                    NDArray[] leaf = new NDArray[1];
                    final int target = layer;
                    NDArray p;
                    try (GradientCollector gc = NeuralEngine.engine().newGradientCollector()) {
                        NDArray hidden = block.encode(x, real, context(history, t), false, (l, w) -> {
                            if (l != target) {
                                return w;
                            }
                            NDArray copy = w.stopGradient();
                            copy.setRequiresGradient(true);
                            leaf[0] = copy;
                            return copy;
                        }).get(":, " + (t - 1) + ", :");
                        p = block.logits(hidden).softmax(-1).get(":, " + item);
                        gc.backward(p.sum());
                    }
                    float[] w = leaf[0].toFloatArray();
                    float[] g = leaf[0].getGradient().toFloatArray();
                    fOut[0] = p.toFloatArray()[0];
                    zeroParameterGradients(block);
                    // weights [1, heads, T, T]; the last query row of head h starts at (h * T + T - 1) * T
                    for (int h = 0; h < heads; h++) {
                        int row = (h * t + t - 1) * t;
                        for (int k = 0; k < t; k++) {
                            rel[k] += Math.max(0.0, (double) w[row + k] * g[row + k]) / heads;
                        }
                    }
                }
            }
        }
        return rel;
    }

    /**
     * The context embeddings of the window (kept fixed along the path, like the positions: the baseline is the
     * blank item at the same time), or null for a model without context features.
     */
    private NDArray context(History history, int t) {
        NDArray c = model.contextOf(history, t);
        return c == null ? null : c.stopGradient();
    }

    private static void zeroParameterGradients(SasRecBlock block) {
        for (Parameter p : block.getParameters().values()) {
            NDArray arr = p.getArray();
            if (arr.hasGradient()) {
                arr.getGradient().muli(0f);
            }
        }
    }
}
