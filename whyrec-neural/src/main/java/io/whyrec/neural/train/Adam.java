package io.whyrec.neural.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (D. P. Kingma and J. Ba, ICLR 2015) over a block's parameters, with its moment estimates allocated once on
 * the parameters' manager, so that a training step can run inside a tensor scope that frees every temporary.
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}; gradients are zeroed after each step.
 * Must run with autograd recording off (outside a gradient collector).
 */
final class Adam {

    /** First-moment decay. */
    static final double BETA1 = 0.9;
    /** Second-moment decay. */
    static final double BETA2 = 0.999;
    /** Denominator guard. */
    static final double EPS = 1e-8;

    private final List<Parameter> params;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double lr;
    private int t;

    Adam(List<Parameter> params, double lr, NDManager manager) {
        this.params = List.copyOf(params);
        this.lr = lr;
        for (Parameter p : params) {
            m.add(manager.zeros(p.getArray().getShape()));
            v.add(manager.zeros(p.getArray().getShape()));
        }
    }

    /**
     * Whether every accumulated gradient is finite (no NaN or infinity), checked with one reduction per parameter
     * and a single read of the result.
     */
    boolean gradientsFinite() {
        NDArray total = null;
        for (Parameter p : params) {
            NDArray s = p.getArray().getGradient().abs().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null || Float.isFinite(total.getFloat());
    }

    /** Discards the accumulated gradients without an update (a skipped step). */
    void zeroGradients() {
        for (Parameter p : params) {
            NDArray g = p.getArray().getGradient();
            // infinity * 0 and NaN * 0 are NaN: those entries are then set to zero by mask
            g.muli(0f);
            g.set(g.isNaN(), 0f);
        }
    }

    /** One update of every parameter from its accumulated gradient; the gradients are then zeroed. */
    void step() {
        t++;
        float bc1 = (float) (1 - Math.pow(BETA1, t));
        float bc2 = (float) (1 - Math.pow(BETA2, t));
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            NDArray g = w.getGradient();
            NDArray mi = m.get(i);
            NDArray vi = v.get(i);
            mi.muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
            vi.muli((float) BETA2).addi(g.square().muli((float) (1 - BETA2)));
            NDArray denom = vi.div(bc2).sqrt().addi((float) EPS);
            w.subi(mi.div(bc1).divi(denom).muli((float) lr));
            g.muli(0f);
        }
    }
}
