package io.whyrec.neural.explain;

import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.BaseExplainer;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.neural.model.SasRec;

/**
 * Integrated gradients (M. Sundararajan, A. Taly and Q. Yan, "Axiomatic Attribution for Deep Networks", ICML 2017)
 * over the history's item embeddings. The explained function is the model's score
 * {@code f = p(next = item | history)}; the baseline replaces every event's item embedding with the zero vector
 * (the "blank item"; positions are kept), and the path is {@code alpha * x}, alpha from 0 to 1 in {@code m} equal
 * steps ({@code m + 1} points, trapezoid rule; default m = {@value #DEFAULT_STEPS}). Event t's attribution is
 * {@code sum_d x_td * mean_alpha df/dx_td}. Events older than the model's window ({@code maxLen}) do not reach the
 * model and get 0.
 *
 * <p>Completeness: the attributions sum to {@code f(x) - f(baseline)} up to the quadrature error; the relative gap
 * {@code |sum - (f(x) - f(0))| / |f(x) - f(0)|} is reported as the fidelity figure
 * {@value #COMPLETENESS_GAP} of every explanation, and {@link io.whyrec.api.Explanation#baseline()} is
 * {@code f(baseline)}. When the gap exceeds {@value #TOLERANCE} the path is recomputed with twice the steps, up to
 * {@value #MAX_STEP_FACTOR} times the configured m; the steps used are reported as {@value #STEPS_USED}.
 */
public final class IntegratedGradientsExplainer extends BaseExplainer {

    /** Default number of path steps m. */
    public static final int DEFAULT_STEPS = 50;
    /** Fidelity key of the relative completeness gap. */
    public static final String COMPLETENESS_GAP = "ig_completeness_gap";
    /** Fidelity key of the number of path steps used. */
    public static final String STEPS_USED = "ig_steps";
    /** Relative completeness gap above which the steps are doubled. */
    public static final double TOLERANCE = 0.05;
    /** Largest multiple of the configured steps tried. */
    public static final int MAX_STEP_FACTOR = 8;

    private final GradientCore core;
    private final int steps;

    /** The explainer with {@link #DEFAULT_STEPS} steps and no facet information. */
    public IntegratedGradientsExplainer(SasRec model) {
        this(model, null, DEFAULT_STEPS);
    }

    /**
     * @param model the model
     * @param info  titles and facets for facet attributions; null for none
     * @param steps m, the number of path steps, at least 1
     */
    public IntegratedGradientsExplainer(SasRec model, ItemInfo info, int steps) {
        super(new ScoringAdapter(model), info);
        if (steps < 1) {
            throw new IllegalArgumentException("integrated gradients: steps must be >= 1, got " + steps);
        }
        this.core = new GradientCore(model);
        this.steps = steps;
    }

    @Override
    public String method() {
        return "ig";
    }

    @Override
    protected Attribution attribute(History history, int item) {
        if (history.size() == 0) {
            double s = adapter.scoreOne(history, item);
            return new Attribution(new double[0], s, s, Fidelity.of(COMPLETENESS_GAP, 0.0));
        }
        Attribution a = integrate(history, item, steps);
        for (int m = 2 * steps; m <= MAX_STEP_FACTOR * steps
                && a.fidelity().get(COMPLETENESS_GAP) > TOLERANCE; m *= 2) {
            a = integrate(history, item, m);
        }
        return a;
    }

    private Attribution integrate(History history, int item, int m) {
        float[] alphas = new float[m + 1];
        for (int k = 0; k <= m; k++) {
            alphas[k] = (float) k / m;
        }
        GradientCore.PathGradients g = core.path(history, item, alphas);
        double[] c = new double[history.size()];
        int t = g.x().length;
        double sum = 0;
        for (int i = 0; i < t; i++) {
            double a = 0;
            for (int dIdx = 0; dIdx < g.x()[i].length; dIdx++) {
                double avg = 0;
                for (int k = 0; k <= m; k++) {
                    double w = (k == 0 || k == m) ? 0.5 : 1.0;
                    avg += w * g.grads()[k][i][dIdx];
                }
                a += g.x()[i][dIdx] * avg / m;
            }
            c[g.offset() + i] = a;
            sum += a;
        }
        double fx = g.f()[m];
        double f0 = g.f()[0];
        double diff = fx - f0;
        double gap = diff == 0 ? Math.abs(sum) : Math.abs(sum - diff) / Math.abs(diff);
        return new Attribution(c, fx, f0, Fidelity.of(COMPLETENESS_GAP, gap).with(STEPS_USED, m));
    }
}
