package io.whyrec.text.index;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded catalogue of random unit vectors with planted cluster structure, like text embeddings of a large
 * catalogue: {@code clusters} random unit centres; each item is its centre plus isotropic Gaussian noise of
 * standard deviation {@code noise} per coordinate, normalised. With {@code clusters = 1} and a large noise the
 * vectors are close to uniform on the sphere.
 */
public final class SyntheticVectors {

    private SyntheticVectors() {
    }

    /**
     * Generates the vectors.
     *
     * @param n         number of items
     * @param dimension vector length
     * @param clusters  number of cluster centres, >= 1
     * @param noise     per-coordinate noise standard deviation relative to a unit centre (e.g. 0.1)
     * @param seed      the seed
     */
    public static List<float[]> clustered(int n, int dimension, int clusters, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centres = new double[clusters][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = unit(gaussian(r, dimension, 1.0));
        }
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] v = gaussian(r, dimension, noise);
            double[] c = centres[r.nextInt(clusters)];
            for (int j = 0; j < dimension; j++) {
                v[j] += c[j];
            }
            out.add(unitFloats(v));
        }
        return out;
    }

    /**
     * Vectors of low intrinsic dimension, as text embeddings are: clustered points in a {@code latent}-dimensional
     * space ({@link #clustered} with the given clusters and noise), mapped into {@code dimension} dimensions by one
     * seeded Gaussian random matrix, then normalised.
     */
    public static List<float[]> lowRank(int n, int dimension, int latent, int clusters, double noise, long seed) {
        List<float[]> z = clustered(n, latent, clusters, noise, seed);
        SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[][] map = new double[latent][];
        for (int a = 0; a < latent; a++) {
            map[a] = gaussian(r, dimension, 1.0);
        }
        List<float[]> out = new ArrayList<>(n);
        for (float[] zi : z) {
            double[] v = new double[dimension];
            for (int a = 0; a < latent; a++) {
                for (int j = 0; j < dimension; j++) {
                    v[j] += zi[a] * map[a][j];
                }
            }
            out.add(unitFloats(v));
        }
        return out;
    }

    private static double[] gaussian(SplittableRandom r, int d, double sd) {
        double[] v = new double[d];
        for (int j = 0; j < d; j += 2) {
            // Box-Muller: two independent standard normals from two uniforms
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            double rad = Math.sqrt(-2 * Math.log(u1));
            v[j] = sd * rad * Math.cos(2 * Math.PI * u2);
            if (j + 1 < d) {
                v[j + 1] = sd * rad * Math.sin(2 * Math.PI * u2);
            }
        }
        return v;
    }

    /** {@code v} scaled to unit length, as floats. */
    private static float[] unitFloats(double[] v) {
        double[] u = unit(v);
        float[] f = new float[u.length];
        for (int j = 0; j < u.length; j++) {
            f[j] = (float) u[j];
        }
        return f;
    }

    private static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double inv = 1 / Math.sqrt(s);
        for (int j = 0; j < v.length; j++) {
            v[j] *= inv;
        }
        return v;
    }
}
