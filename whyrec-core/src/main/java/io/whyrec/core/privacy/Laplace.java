package io.whyrec.core.privacy;

import java.util.SplittableRandom;

/**
 * The Laplace mechanism (C. Dwork, F. McSherry, K. Nissim and A. Smith, "Calibrating Noise to Sensitivity in
 * Private Data Analysis", TCC 2006): a query whose L1 sensitivity is {@code s} is released epsilon-differentially
 * private by adding independent Laplace noise of scale {@code b = s / epsilon} to each coordinate. Samples are
 * drawn by inverting the distribution function, {@code -b * sign(u) * ln(1 - 2|u|)} for u uniform on (-1/2, 1/2),
 * from a seeded generator.
 */
public final class Laplace {

    private Laplace() {
    }

    /**
     * One sample of Laplace(0, b).
     *
     * @param scale  b, positive
     * @param random the seeded generator
     */
    public static double sample(double scale, SplittableRandom random) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("Laplace scale must be positive and finite, got " + scale);
        }
        double u;
        do {
            u = random.nextDouble() - 0.5;
        } while (u == -0.5);
        return -scale * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    /** The distribution function of Laplace(0, b) at x. */
    public static double cdf(double x, double scale) {
        return x < 0 ? 0.5 * Math.exp(x / scale) : 1 - 0.5 * Math.exp(-x / scale);
    }

    /**
     * Releases a vector query: each value plus Laplace noise of scale {@code sensitivity / epsilon}.
     *
     * @param values      the exact answers
     * @param sensitivity the query's L1 sensitivity (how much one individual can change the vector in sum)
     * @param epsilon     the privacy parameter, positive
     * @param random      the seeded generator
     */
    public static double[] release(double[] values, double sensitivity, double epsilon, SplittableRandom random) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
        if (!(sensitivity > 0)) {
            throw new IllegalArgumentException("sensitivity must be positive, got " + sensitivity);
        }
        double scale = sensitivity / epsilon;
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] + sample(scale, random);
        }
        return out;
    }
}
