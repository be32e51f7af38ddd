package io.whyrec.text.tags;

import io.whyrec.text.model.ItemEmbeddings;
import java.util.SplittableRandom;

/**
 * Spherical k-means (Dhillon and Modha, Machine Learning 42, 2001): unit vectors are assigned to the centroid
 * of largest cosine, and each centroid is the normalised mean of its members. Seeded k-means++ initialisation
 * (Arthur and Vassilvitskii, SODA 2007) with distance 1 - cosine; an emptied cluster is re-seeded with the item
 * farthest from its own centroid. Iterates until no assignment changes or {@code maxIterations}.
 */
public final class SphericalKMeans {

    /**
     * The outcome.
     *
     * @param assignment cluster of each item
     * @param centroids  unit centroid of each cluster
     * @param iterations iterations run
     */
    public record Result(int[] assignment, double[][] centroids, int iterations) {

        /** Number of items in each cluster. */
        public int[] sizes() {
            int[] s = new int[centroids.length];
            for (int a : assignment) {
                s[a]++;
            }
            return s;
        }
    }

    private SphericalKMeans() {
    }

    /**
     * Clusters the items.
     *
     * @param x             unit item vectors
     * @param k             number of clusters, in [1, number of items]
     * @param maxIterations iteration cap, >= 1
     * @param seed          seed of the initialisation
     */
    public static Result fit(ItemEmbeddings x, int k, int maxIterations, long seed) {
        int n = x.size();
        int d = x.dimension();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        SplittableRandom r = new SplittableRandom(seed);
        double[][] c = new double[k][];
        double[] dist = new double[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int first = r.nextInt(n);
        c[0] = toDouble(x.vector(first));
        for (int m = 1; m < k; m++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                dist[i] = Math.min(dist[i], Math.max(0, 1 - x.dot(i, c[m - 1])));
                total += dist[i] * dist[i];
            }
            int pick = n - 1;
            if (total > 0) {
                double u = r.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    u -= dist[i] * dist[i];
                    if (u <= 0) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = r.nextInt(n);
            }
            c[m] = toDouble(x.vector(pick));
        }
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        double[] best = new double[n];
        int it = 0;
        while (it < maxIterations) {
            it++;
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int arg = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < k; m++) {
                    double s = x.dot(i, c[m]);
                    if (s > max) {
                        max = s;
                        arg = m;
                    }
                }
                best[i] = max;
                if (a[i] != arg) {
                    a[i] = arg;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            double[][] sum = new double[k][d];
            int[] size = new int[k];
            for (int i = 0; i < n; i++) {
                x.addTo(i, 1.0, sum[a[i]]);
                size[a[i]]++;
            }
            for (int m = 0; m < k; m++) {
                if (size[m] == 0) {
                    int far = 0;
                    for (int i = 1; i < n; i++) {
                        if (best[i] < best[far]) {
                            far = i;
                        }
                    }
                    best[far] = Double.POSITIVE_INFINITY;
                    c[m] = toDouble(x.vector(far));
                } else {
                    c[m] = unit(sum[m]);
                }
            }
        }
        return new Result(a, c, it);
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j];
        }
        return out;
    }

    private static double[] unit(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        if (s == 0) {
            return v;
        }
        double inv = 1 / Math.sqrt(s);
        for (int j = 0; j < v.length; j++) {
            v[j] *= inv;
        }
        return v;
    }
}
