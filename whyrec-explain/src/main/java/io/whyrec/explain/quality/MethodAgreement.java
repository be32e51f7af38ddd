package io.whyrec.explain.quality;

/**
 * Agreement between two explanation methods on the same (history, item): Kendall's tau-b between their
 * attribution vectors, in [-1, 1] (1 = the same ordering of events; ties handled by the tau-b correction).
 */
public final class MethodAgreement {

    private MethodAgreement() {
    }

    /**
     * Kendall's tau-b: {@code (C - D) / sqrt((C + D + Ta) (C + D + Tb))} with C concordant and D discordant
     * pairs, Ta pairs tied only in a, Tb pairs tied only in b. O(n^2), fine for histories of a few hundred.
     * Returns NaN when either vector is constant (or has fewer than 2 entries).
     */
    public static double kendallTau(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("attribution vectors differ in length: " + a.length + " vs " + b.length);
        }
        long c = 0;
        long d = 0;
        long ta = 0;
        long tb = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                int sa = Double.compare(a[i], a[j]);
                int sb = Double.compare(b[i], b[j]);
                if (sa == 0 && sb == 0) {
                    continue;
                }
                if (sa == 0) {
                    ta++;
                } else if (sb == 0) {
                    tb++;
                } else if (sa == sb) {
                    c++;
                } else {
                    d++;
                }
            }
        }
        double den = Math.sqrt((double) (c + d + ta) * (c + d + tb));
        return den == 0 ? Double.NaN : (c - d) / den;
    }
}
