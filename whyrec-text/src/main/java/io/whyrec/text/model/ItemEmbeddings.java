package io.whyrec.text.model;

import io.whyrec.api.Progress;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.text.embed.Embedder;
import io.whyrec.text.embed.EmbeddingRun;
import io.whyrec.text.embed.ItemTexts;
import java.util.List;

/**
 * The text embedding of every item of a catalogue, L2-normalised (an item whose model vector is zero keeps a zero
 * row), stored row-major in one float array so scoring walks memory in order.
 */
public final class ItemEmbeddings {

    private final String model;
    private final int n;
    private final int d;
    private final float[] rows;
    private final EmbeddingRun run;

    private ItemEmbeddings(String model, int n, int d, float[] rows, EmbeddingRun run) {
        this.model = model;
        this.n = n;
        this.d = d;
        this.rows = rows;
        this.run = run;
    }

    /** Embeds the items of a catalogue ({@link ItemTexts}), from the embedder's cache where possible. */
    public static ItemEmbeddings of(ItemCatalog catalog, Embedder embedder, Progress progress) {
        return of(ItemTexts.of(catalog), embedder, progress);
    }

    /**
     * Embeds item texts already built (one per dense item, {@link ItemTexts}), from the embedder's cache where
     * possible.
     */
    public static ItemEmbeddings of(List<String> texts, Embedder embedder, Progress progress) {
        EmbeddingRun run = embedder.embed(texts, progress);
        return of(run.model(), run.vectors(), run);
    }

    /** Normalises given vectors (all of one length); {@code run} may be null. */
    public static ItemEmbeddings of(String model, float[][] vectors, EmbeddingRun run) {
        int n = vectors.length;
        int d = n == 0 ? 0 : vectors[0].length;
        float[] rows = new float[n * d];
        for (int i = 0; i < n; i++) {
            if (vectors[i].length != d) {
                throw new IllegalArgumentException("item " + i + " has " + vectors[i].length + " dimensions, item 0 has " + d);
            }
            double norm = 0;
            for (float v : vectors[i]) {
                norm += (double) v * v;
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int j = 0; j < d; j++) {
                rows[i * d + j] = (float) (vectors[i][j] * inv);
            }
        }
        return new ItemEmbeddings(model, n, d, rows, run);
    }

    /** Name of the model that produced the vectors. */
    public String model() {
        return model;
    }

    /** Number of items. */
    public int size() {
        return n;
    }

    /** Vector length. */
    public int dimension() {
        return d;
    }

    /** The embedding run that produced the vectors, or null when they were given. */
    public EmbeddingRun run() {
        return run;
    }

    /** A copy of one item's normalised vector. */
    public float[] vector(int item) {
        float[] out = new float[d];
        System.arraycopy(rows, item * d, out, 0, d);
        return out;
    }

    /** The dot product of an item's vector with a query vector of length {@link #dimension()}. */
    public double dot(int item, double[] query) {
        int base = item * d;
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += rows[base + j] * query[j];
        }
        return s;
    }

    /** The cosine similarity of two items (the dot product of their normalised vectors). */
    public double similarity(int a, int b) {
        int ba = a * d;
        int bb = b * d;
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += (double) rows[ba + j] * rows[bb + j];
        }
        return s;
    }

    /** Adds {@code w} times an item's vector to {@code acc}. */
    public void addTo(int item, double w, double[] acc) {
        int base = item * d;
        for (int j = 0; j < d; j++) {
            acc[j] += w * rows[base + j];
        }
    }

    /** Every item's dot product with a query: {@code out[i] = <x_i, query>}. */
    public void dotAll(double[] query, double[] out) {
        for (int i = 0; i < n; i++) {
            int base = i * d;
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += rows[base + j] * query[j];
            }
            out[i] = s;
        }
    }

    /** The mean of the normalised item vectors. */
    public double[] mean() {
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            addTo(i, 1.0 / n, m);
        }
        return m;
    }
}
