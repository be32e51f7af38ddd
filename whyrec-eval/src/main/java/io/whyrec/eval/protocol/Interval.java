package io.whyrec.eval.protocol;

/**
 * A closed interval, used for bootstrap confidence intervals.
 *
 * @param lo lower end
 * @param hi upper end, {@code >= lo}
 */
public record Interval(double lo, double hi) {

    /** Checks the order. */
    public Interval {
        if (lo > hi) {
            throw new IllegalArgumentException("interval lower end " + lo + " is above upper end " + hi);
        }
    }

    /** True when lo <= x <= hi. */
    public boolean contains(double x) {
        return lo <= x && x <= hi;
    }

    /** hi - lo. */
    public double width() {
        return hi - lo;
    }
}
