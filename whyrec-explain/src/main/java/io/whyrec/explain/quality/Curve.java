package io.whyrec.explain.quality;

/**
 * A deletion or insertion curve: the item's normalised score after n steps, n = 0..N, and the area under it
 * by the trapezoid rule on x = n / N in [0, 1].
 *
 * @param values the normalised score at n = 0..N (N + 1 values)
 * @param auc    trapezoid area under the curve over [0, 1]
 */
public record Curve(double[] values, double auc) {

    /** A curve from its values, computing the area. */
    public static Curve of(double[] values) {
        int steps = values.length - 1;
        if (steps < 1) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + values.length);
        }
        double area = 0;
        for (int n = 0; n < steps; n++) {
            area += (values[n] + values[n + 1]) / 2.0;
        }
        return new Curve(values.clone(), area / steps);
    }

    /** The point-wise mean of curves with the same number of points. */
    public static Curve mean(java.util.List<Curve> curves) {
        double[] v = new double[curves.get(0).values().length];
        for (Curve c : curves) {
            for (int i = 0; i < v.length; i++) {
                v[i] += c.values()[i] / curves.size();
            }
        }
        return of(v);
    }
}
