package io.whyrec.core.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.files.PersistentModel;
import io.whyrec.core.profile.EventWeighting;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Item-based k-nearest-neighbours (B. Sarwar et al., "Item-based collaborative filtering recommendation
 * algorithms", WWW 2001; M. Deshpande and G. Karypis, "Item-based top-N recommendation algorithms", TOIS 2004)
 * on the binary user-item matrix. The similarity is the shrunk cosine
 * {@code S[a][b] = |U_a ∩ U_b| / (sqrt(|U_a|) * sqrt(|U_b|) + shrinkage)} with U_a the users of item a; each row
 * a keeps only its k largest entries (ties to the smaller item index), and the diagonal is zero. A history is
 * scored as {@code s_j = sum_t w_t * S[i_t][j]}, so the contribution of event t to item j is exactly
 * {@code w_t * S[i_t][j]} ({@link AdditiveScorer}). Rows are stored sparsely, neighbours sorted by item index.
 *
 * <p><b>History weighting.</b> S is learnt from the binary matrix; what the model scores is chosen by
 * {@link ItemKnnConfig#weighting()}: the binary history (the default, {@code w_t = 1}, or -1 for an event against
 * its item), or the seed formula {@code w_t = s_t (alpha f_t + beta h_t) exp(-lambdaPerDay age_t)} disclosed to
 * users, in which case the fitted model is a {@link WeightedHistoryModel} and {@link ModelHistories#of} builds its
 * histories with that weighting, so the weights an explanation shows are the ones that ranked.
 */
public sealed class ItemKnn implements AdditiveScorer, PersistentModel {

    /** The model name and the persisted kind. */
    public static final String NAME = "itemknn";

    private final int n;
    private final ItemKnnConfig config;
    private final int[][] neighbours;
    private final float[][] similarities;

    private ItemKnn(int n, ItemKnnConfig config, int[][] neighbours, float[][] similarities) {
        this.n = n;
        this.config = config;
        this.neighbours = neighbours;
        this.similarities = similarities;
    }

    /** An ItemKNN model that scores seed-formula histories: the same similarities, the weighting its config names. */
    private static final class Weighted extends ItemKnn implements WeightedHistoryModel {

        private Weighted(int n, ItemKnnConfig config, int[][] neighbours, float[][] similarities) {
            super(n, config, neighbours, similarities);
        }

        @Override
        public EventWeighting weighting() {
            return config().weighting();
        }
    }

    /** The model of a neighbourhood under a configuration: a {@link WeightedHistoryModel} unless binary. */
    private static ItemKnn of(int n, ItemKnnConfig config, int[][] neighbours, float[][] similarities) {
        return config.binary() ? new ItemKnn(n, config, neighbours, similarities)
                : new Weighted(n, config, neighbours, similarities);
    }

    /** The configuration: neighbours, shrinkage and the history weighting. */
    public ItemKnnConfig config() {
        return config;
    }

    /** Fits the model: co-occurrence counts item by item (in parallel), shrunk cosine, top-k per row. */
    public static ItemKnn fit(BinaryMatrix x, ItemKnnConfig config, Progress progress) {
        int n = x.numItems();
        int[][] users = x.itemUsers();
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            norm[i] = Math.sqrt(users[i].length);
        }
        int[][] nbr = new int[n][];
        float[][] sim = new float[n][];
        AtomicInteger done = new AtomicInteger();
        ThreadLocal<int[]> counts = ThreadLocal.withInitial(() -> new int[n]);
        IntStream.range(0, n).parallel().forEach(a -> {
            int[] acc = counts.get();
            int[] touched = new int[n];
            int m = 0;
            for (int u : users[a]) {
                for (int bItem : x.row(u)) {
                    if (acc[bItem]++ == 0) {
                        touched[m++] = bItem;
                    }
                }
            }
            int[] common = new int[m];
            for (int t = 0; t < m; t++) {
                common[t] = acc[touched[t]];
                acc[touched[t]] = 0;
            }
            Neighbours row = neighbours(a, touched, common, m, norm, config);
            int[] idx = row.items();
            float[] val = row.similarities();
            nbr[a] = idx;
            sim[a] = val;
            int d = done.incrementAndGet();
            if (d % 256 == 0) {
                progress.update("itemknn: similarities", d, n);
            }
        });
        progress.update("itemknn: similarities", n, n);
        return of(n, config, nbr, sim);
    }

    /**
     * The kept neighbours of one item: its row of S, sorted by item index.
     *
     * @param items        the neighbour items
     * @param similarities S[a][items[t]], as stored
     */
    public record Neighbours(int[] items, float[] similarities) {
    }

    /**
     * One row of S from co-occurrence counts: the shrunk cosine of item {@code a} with each co-occurring item,
     * the k largest kept (ties to the smaller item index), the diagonal skipped. {@link #fit} computes every row
     * with it, and so does a distributed fit that counts the co-occurrences elsewhere, so both keep the same
     * neighbours with the same float similarities.
     *
     * @param a      the item of the row
     * @param items  the items that co-occur with {@code a} (in any order; {@code a} itself is skipped)
     * @param common the number of users who have both {@code a} and {@code items[t]}
     * @param m      how many entries of {@code items} and {@code common} are used
     * @param norm   sqrt of each item's number of users
     */
    public static Neighbours neighbours(int a, int[] items, int[] common, int m, double[] norm,
                                        ItemKnnConfig config) {
        long[] keys = new long[m];
        int c = 0;
        for (int t = 0; t < m; t++) {
            int bItem = items[t];
            if (bItem == a) {
                continue;
            }
            float s = (float) (common[t] / (norm[a] * norm[bItem] + config.shrinkage()));
            // positive floats order like their bit patterns; the low half orders ties by smaller index first
            keys[c++] = ((long) Float.floatToIntBits(s) << 32) | (Integer.MAX_VALUE - bItem);
        }
        Arrays.sort(keys, 0, c);
        int keep = Math.min(config.neighbours(), c);
        // re-key the kept entries by item index so the row is stored sorted by neighbour
        long[] byIndex = new long[keep];
        for (int t = 0; t < keep; t++) {
            long key = keys[c - 1 - t];
            long item = Integer.MAX_VALUE - (int) key;
            byIndex[t] = (item << 32) | (key >>> 32);
        }
        Arrays.sort(byIndex);
        int[] idx = new int[keep];
        float[] val = new float[keep];
        for (int t = 0; t < keep; t++) {
            idx[t] = (int) (byIndex[t] >>> 32);
            val[t] = Float.intBitsToFloat((int) byIndex[t]);
        }
        return new Neighbours(idx, val);
    }

    /**
     * The model of already computed rows of S (each sorted by item index, as {@link #neighbours} gives them),
     * under a configuration; used by fits that count the co-occurrences elsewhere (whyrec-spark).
     *
     * @throws IllegalArgumentException naming the item when a row is not sorted or names an item outside 0..n-1
     */
    public static ItemKnn ofNeighbours(int n, ItemKnnConfig config, Neighbours[] rows) {
        if (rows.length != n) {
            throw new IllegalArgumentException("itemknn: " + rows.length + " rows for " + n + " items");
        }
        int[][] nbr = new int[n][];
        float[][] sim = new float[n][];
        for (int i = 0; i < n; i++) {
            int[] idx = rows[i].items();
            for (int t = 0; t < idx.length; t++) {
                if (idx[t] < 0 || idx[t] >= n || (t > 0 && idx[t] <= idx[t - 1]) || idx[t] == i) {
                    throw new IllegalArgumentException("itemknn: item " + i + " has a bad neighbour index " + idx[t]);
                }
            }
            if (rows[i].similarities().length != idx.length) {
                throw new IllegalArgumentException("itemknn: item " + i + " has " + idx.length + " neighbours but "
                        + rows[i].similarities().length + " similarities");
            }
            nbr[i] = idx.clone();
            sim[i] = rows[i].similarities().clone();
        }
        return of(n, java.util.Objects.requireNonNull(config, "config"), nbr, sim);
    }

    /** The shrunk cosine of two items with {@code na} and {@code nb} users, {@code common} of them shared. */
    public static double similarity(int na, int nb, int common, double shrinkage) {
        return common / (Math.sqrt(na) * Math.sqrt(nb) + shrinkage);
    }

    /** The kept similarity S[a][b], 0 when b is not among a's neighbours. */
    public double weight(int a, int b) {
        int p = Arrays.binarySearch(neighbours[checkItem(a)], b);
        return p >= 0 ? similarities[a][p] : 0.0;
    }

    /** The neighbours kept for an item, sorted by item index (a copy). */
    public int[] neighbours(int item) {
        return neighbours[checkItem(item)].clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", config.neighbours());
        m.put("shrinkage", config.shrinkage());
        ModelHistories.describe(config.weighting(), m);
        return m;
    }

    @Override
    public int numItems() {
        return n;
    }

    @Override
    public void score(History history, double[] out) {
        if (out.length != n) {
            throw new IllegalArgumentException("itemknn: score array has length " + out.length + ", expected " + n);
        }
        Arrays.fill(out, 0.0);
        for (WeightedEvent e : history.events()) {
            double w = e.weight();
            if (w == 0.0) {
                continue;
            }
            int i = checkItem(e.item());
            int[] idx = neighbours[i];
            float[] val = similarities[i];
            for (int t = 0; t < idx.length; t++) {
                out[idx[t]] += w * val[t];
            }
        }
    }

    @Override
    public double[] contributions(History history, int item) {
        checkItem(item);
        double[] c = new double[history.size()];
        for (int t = 0; t < c.length; t++) {
            WeightedEvent e = history.event(t);
            double w = e.weight();
            c[t] = w == 0.0 ? 0.0 : w * weight(e.item(), item);
        }
        return c;
    }

    private int checkItem(int item) {
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("itemknn: item index " + item + " outside 0.." + (n - 1));
        }
        return item;
    }

    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeInt(neighbours[i].length);
            for (int t = 0; t < neighbours[i].length; t++) {
                out.writeInt(neighbours[i][t]);
                out.writeFloat(similarities[i][t]);
            }
        }
    }

    /**
     * Reads a model written by {@link #writePayload}; the history weighting comes from the stored parameters
     * (binary for files written before ItemKNN took one).
     */
    public static ItemKnn readPayload(Map<String, Object> params, DataInput in) throws IOException {
        ItemKnnConfig config;
        try {
            config = ItemKnnConfig.from(ModelHistories.stored(NAME, params, "k", "shrinkage"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("itemknn payload: negative item count " + n);
        }
        int[][] nbr = new int[n][];
        float[][] sim = new float[n][];
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < 0 || len > n) {
                throw new IOException("itemknn payload: item " + i + " has " + len + " neighbours");
            }
            nbr[i] = new int[len];
            sim[i] = new float[len];
            for (int t = 0; t < len; t++) {
                nbr[i][t] = in.readInt();
                sim[i][t] = in.readFloat();
                if (nbr[i][t] < 0 || nbr[i][t] >= n || (t > 0 && nbr[i][t] <= nbr[i][t - 1])) {
                    throw new IOException("itemknn payload: item " + i + " has a bad neighbour index " + nbr[i][t]);
                }
            }
        }
        return of(n, config, nbr, sim);
    }
}
