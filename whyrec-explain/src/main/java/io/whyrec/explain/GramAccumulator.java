package io.whyrec.explain;

/**
 * Accumulates the weighted normal equations {@code A = sum w z z^T}, {@code b = sum w y z} of a regression on
 * binary event masks z, in O(m^2) per sample where m is the size of the smaller of the kept and removed sets.
 * A mask is given either directly (z = indicator of the listed positions) or as a complement (z = 1 - u, u the
 * indicator of the listed positions), using {@code (1-u)(1-u)^T = 11^T - 1u^T - u1^T + uu^T}. Used by LIME
 * and KernelSHAP, where samples remove either few or most events.
 */
public final class GramAccumulator {

    private final int n;
    private final double[] outer;   // sum w e_S e_S^T over the listed sets S (upper triangle)
    private final double[] direct;  // sum w y e_S for direct samples
    private final double[] directZ; // sum w e_S for direct samples
    private final double[] compU;   // sum w u for complement samples
    private final double[] compYU;  // sum w y u for complement samples
    private double compW;           // sum w over complement samples
    private double compY;           // sum w y over complement samples
    private double sumW;
    private double sumWY;
    private double sumWYY;
    private long count;

    /** An empty accumulator over n features. */
    public GramAccumulator(int n) {
        this.n = n;
        this.outer = new double[n * n];
        this.direct = new double[n];
        this.directZ = new double[n];
        this.compU = new double[n];
        this.compYU = new double[n];
    }

    /**
     * Adds one sample.
     *
     * @param idx        the listed positions (first {@code len} entries are used)
     * @param len        how many positions are listed
     * @param complement false: z is 1 at the listed positions; true: z is 0 there and 1 elsewhere
     * @param w          sample weight (>= 0)
     * @param y          response
     */
    public void add(int[] idx, int len, boolean complement, double w, double y) {
        count++;
        sumW += w;
        sumWY += w * y;
        sumWYY += w * y * y;
        int[] sorted = sortedScratch(idx, len);
        for (int a = 0; a < len; a++) {
            int ri = sorted[a] * n;
            for (int c = a; c < len; c++) {
                outer[ri + sorted[c]] += w;
            }
        }
        if (complement) {
            compW += w;
            compY += w * y;
            for (int a = 0; a < len; a++) {
                compU[idx[a]] += w;
                compYU[idx[a]] += w * y;
            }
        } else {
            for (int a = 0; a < len; a++) {
                direct[idx[a]] += w * y;
                directZ[idx[a]] += w;
            }
        }
    }

    private int[] sortBuffer = new int[0];

    private int[] sortedScratch(int[] idx, int len) {
        if (sortBuffer.length < len) {
            sortBuffer = new int[Math.max(len, n)];
        }
        System.arraycopy(idx, 0, sortBuffer, 0, len);
        java.util.Arrays.sort(sortBuffer, 0, len);
        return sortBuffer;
    }

    /** Number of samples added. */
    public long count() {
        return count;
    }

    /** Sum of the weights. */
    public double sumW() {
        return sumW;
    }

    /** Sum of w * y. */
    public double sumWY() {
        return sumWY;
    }

    /** Sum of w * y^2. */
    public double sumWYY() {
        return sumWYY;
    }

    /** The full symmetric matrix {@code sum w z z^T}, row-major n x n (a fresh array). */
    public double[] gram() {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = outer[i * n + j] + compW - compU[i] - compU[j];
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    /** The vector {@code sum w y z} (a fresh array). */
    public double[] moment() {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = direct[i] + compY - compYU[i];
        }
        return b;
    }

    /** The vector {@code sum w z} (a fresh array). */
    public double[] zSum() {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = directZ[i] + compW - compU[i];
        }
        return z;
    }
}
