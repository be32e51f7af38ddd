package io.whyrec.neural.model;

import java.util.SplittableRandom;

/**
 * Turns external item vectors (e.g. whyrec-text's MiniLM embeddings of title and genres, 384 numbers per item)
 * into initial SASRec item embeddings of width {@code dim}: the vectors are centred (their mean removed, since
 * sentence embeddings share a large common direction), multiplied by a seeded Gaussian random projection
 * ({@code R[k][c] ~ N(0, 1)}, which keeps inner products up to a common factor, Johnson-Lindenstrauss), and
 * scaled by one common factor so the mean row norm is 1, the expected norm of the default random initialisation
 * ({@code dim} entries of standard deviation {@code 1/sqrt(dim)}). Relative norms and angles between items are
 * kept; an item without a vector (a null row) gets the default random initialisation of the same seed.
 */
public final class ItemVectorInit {

    private ItemVectorInit() {
    }

    /**
     * Projects item vectors to {@code dim} numbers each.
     *
     * @param vectors one vector per dense item (all of one length), or null for an item without one
     * @param dim     SASRec's embedding width
     * @param seed    seed of the projection (and of the rows of items without a vector)
     * @return {@code [items][dim]}
     */
    public static float[][] project(float[][] vectors, int dim, long seed) {
        int n = vectors.length;
        int in = -1;
        for (int i = 0; i < n; i++) {
            if (vectors[i] != null) {
                if (in < 0) {
                    in = vectors[i].length;
                } else if (vectors[i].length != in) {
                    throw new IllegalArgumentException("item vectors: item " + i + " has " + vectors[i].length
                            + " numbers, an earlier item has " + in);
                }
            }
        }
        if (in <= 0) {
            throw new IllegalArgumentException("item vectors: no item has a vector");
        }
        double[] mean = new double[in];
        int have = 0;
        for (float[] v : vectors) {
            if (v != null) {
                have++;
                for (int k = 0; k < in; k++) {
                    mean[k] += v[k];
                }
            }
        }
        for (int k = 0; k < in; k++) {
            mean[k] /= have;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] r = new double[in][dim];
        for (int k = 0; k < in; k++) {
            for (int c = 0; c < dim; c++) {
                r[k][c] = gaussian(rnd);
            }
        }
        float[][] out = new float[n][dim];
        double normSum = 0;
        for (int i = 0; i < n; i++) {
            if (vectors[i] == null) {
                continue;
            }
            double[] row = new double[dim];
            for (int k = 0; k < in; k++) {
                double x = vectors[i][k] - mean[k];
                if (x != 0) {
                    for (int c = 0; c < dim; c++) {
                        row[c] += x * r[k][c];
                    }
                }
            }
            double norm = 0;
            for (int c = 0; c < dim; c++) {
                out[i][c] = (float) row[c];
                norm += row[c] * row[c];
            }
            normSum += Math.sqrt(norm);
        }
        double scale = normSum > 0 ? have / normSum : 1;
        double sd = 1 / Math.sqrt(dim);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                out[i][c] = vectors[i] == null ? (float) (gaussian(rnd) * sd) : (float) (out[i][c] * scale);
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller: u1 in (0, 1]
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
