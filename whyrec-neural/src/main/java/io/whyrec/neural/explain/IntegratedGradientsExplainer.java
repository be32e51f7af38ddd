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
 * {@value #MAX_STEP_FACTOR} times the configured m, each doubling evaluating only the new midpoints; the steps
 * used are reported as {@value #STEPS_USED}. The integrand (the path derivative of f) jumps wherever a ReLU of the
 * feed-forward layers switches along the path, so the trapezoid error falls like 1/m, not 1/m^2, and an explanation
 * whose f(x) - f(0) is small relative to how much f varies along the path needs many steps.
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
    public static final int MAX_STEP_FACTOR = 64;
    /** Path points evaluated in one batch (bounds the memory of a refined path). */
    static final int CHUNK = 256;

    private static final System.Logger LOG = System.getLogger(IntegratedGradientsExplainer.class.getName());

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
        Attribution a = integrate(history, item);
        if (!Double.isFinite(a.fidelity().get(COMPLETENESS_GAP))) {
            // a non-finite gradient or score came back from the backend (seen about once in 6,000 ML-1M
            // explanations and not reproducible on a repeat): the path is integrated once more from scratch
            LOG.log(System.Logger.Level.WARNING, "integrated gradients: a non-finite gradient for item {0,number,#} "
                    + "(history of {1,number,#} events); the path is integrated again", item, history.size());
            a = integrate(history, item);
        }
        return a;
    }

    /** The path at the configured steps, refined until the gap is within {@link #TOLERANCE} or the steps run out. */
    private Attribution integrate(History history, int item) {
        Path path = new Path(history, item);
        Attribution a = path.attribution();
        while (a.fidelity().get(COMPLETENESS_GAP) > TOLERANCE && path.m * 2 <= MAX_STEP_FACTOR * steps) {
            path.refine();
            a = path.attribution();
        }
        return a;
    }

    /**
     * The attribution after doubling the steps a given number of times regardless of the gap (tests compare it
     * with a path computed at the final step count directly).
     */
    double[] contributionsRefined(History history, int item, int doublings) {
        Path path = new Path(history, item);
        for (int i = 0; i < doublings; i++) {
            path.refine();
        }
        return path.attribution().contributions();
    }

    /** Path points: {@code k / m} for k = 0..m when {@code first} is 0, else the midpoints (2j + 1) / (2m). */
    private static float[] points(int first, int m) {
        if (first == 0) {
            float[] alphas = new float[m + 1];
            for (int k = 0; k <= m; k++) {
                alphas[k] = (float) k / m;
            }
            return alphas;
        }
        float[] mid = new float[m];
        for (int j = 0; j < m; j++) {
            mid[j] = (float) ((2 * j + 1) / (2.0 * m));
        }
        return mid;
    }

    /**
     * The trapezoid sums of one path, refined by adding points: the end points' gradients count half, every
     * interior point's once, and the mean gradient is their total divided by the number of steps m.
     */
    private final class Path {
        final History history;
        final int item;
        int m;
        float[][] x;
        double[][] sums;
        int offset;
        double fx;
        double f0;

        /** The path at the configured steps. */
        Path(History history, int item) {
            this.history = history;
            this.item = item;
            this.m = steps;
            add(points(0, steps));
        }

        /** Doubles the steps: only the midpoints of the current ones are new, the earlier points are kept. */
        void refine() {
            add(points(1, m));
            m *= 2;
        }

        /** Evaluates the gradients at the given points in chunks of at most {@value #CHUNK} and adds them. */
        void add(float[] alphas) {
            for (int from = 0; from < alphas.length; from += CHUNK) {
                float[] part = java.util.Arrays.copyOfRange(alphas, from, Math.min(alphas.length, from + CHUNK));
                GradientCore.PathGradients g = core.path(history, item, part);
                if (x == null) {
                    x = g.x();
                    offset = g.offset();
                    sums = new double[x.length][x[0].length];
                }
                for (int k = 0; k < part.length; k++) {
                    boolean end = part[k] == 0f || part[k] == 1f;
                    double w = end ? 0.5 : 1.0;
                    if (part[k] == 0f) {
                        f0 = g.f()[k];
                    } else if (part[k] == 1f) {
                        fx = g.f()[k];
                    }
                    for (int i = 0; i < x.length; i++) {
                        for (int d = 0; d < x[i].length; d++) {
                            sums[i][d] += w * g.grads()[k][i][d];
                        }
                    }
                }
            }
        }

        Attribution attribution() {
            double[] c = new double[history.size()];
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                double a = 0;
                for (int d = 0; d < x[i].length; d++) {
                    a += x[i][d] * sums[i][d] / m;
                }
                c[offset + i] = a;
                sum += a;
            }
            double diff = fx - f0;
            double gap = diff == 0 ? Math.abs(sum) : Math.abs(sum - diff) / Math.abs(diff);
            return new Attribution(c, fx, f0, Fidelity.of(COMPLETENESS_GAP, gap).with(STEPS_USED, m));
        }
    }
}
