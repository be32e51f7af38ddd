package io.whyrec.core.model;

import io.whyrec.core.data.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary user-item matrix X that EASE, ItemKNN and popularity learn from: row u holds the distinct items
 * user u acted on, sorted ascending (repeated events count once). Stored as one sorted int array per user.
 */
public final class BinaryMatrix {

    private final int numItems;
    private final int[][] rows;

    private BinaryMatrix(int numItems, int[][] rows) {
        this.numItems = numItems;
        this.rows = rows;
    }

    /** The binary matrix of a dataset's events. */
    public static BinaryMatrix of(Dataset data) {
        int[][] rows = new int[data.numUsers()][];
        for (int u = 0; u < rows.length; u++) {
            rows[u] = data.itemsOf(u);
        }
        return of(data.numItems(), rows);
    }

    /**
     * The binary matrix of per-user item lists (copied, sorted, duplicates dropped).
     *
     * @throws IllegalArgumentException naming the user and the item when an index is outside 0..numItems-1
     */
    public static BinaryMatrix of(int numItems, int[][] userItems) {
        int[][] rows = new int[userItems.length][];
        for (int u = 0; u < rows.length; u++) {
            int[] r = userItems[u].clone();
            Arrays.sort(r);
            int m = 0;
            for (int i = 0; i < r.length; i++) {
                if (r[i] < 0 || r[i] >= numItems) {
                    throw new IllegalArgumentException("user " + u + ": item index " + r[i] + " outside 0.." + (numItems - 1));
                }
                if (m == 0 || r[m - 1] != r[i]) {
                    r[m++] = r[i];
                }
            }
            rows[u] = m == r.length ? r : Arrays.copyOf(r, m);
        }
        return new BinaryMatrix(numItems, rows);
    }

    /** Number of columns (items). */
    public int numItems() {
        return numItems;
    }

    /** Number of rows (users). */
    public int numUsers() {
        return rows.length;
    }

    /** The sorted distinct items of a user (do not modify). */
    public int[] row(int user) {
        return rows[user];
    }

    /** Number of non-zero entries. */
    public long nonZeros() {
        long nnz = 0;
        for (int[] r : rows) {
            nnz += r.length;
        }
        return nnz;
    }

    /** Number of users per item (the column sums). */
    public int[] itemCounts() {
        int[] counts = new int[numItems];
        for (int[] r : rows) {
            for (int i : r) {
                counts[i]++;
            }
        }
        return counts;
    }

    /** The transpose: for every item, the sorted users who acted on it. */
    public int[][] itemUsers() {
        int[] counts = itemCounts();
        int[][] cols = new int[numItems][];
        for (int i = 0; i < numItems; i++) {
            cols[i] = new int[counts[i]];
        }
        int[] fill = new int[numItems];
        for (int u = 0; u < rows.length; u++) {
            for (int i : rows[u]) {
                cols[i][fill[i]++] = u;
            }
        }
        return cols;
    }

    /**
     * The lower triangle (and diagonal) of the Gram matrix X^T X as a dense row-major {@code double[n*n]}, built
     * from the sparse rows; entry (i, j), j &lt;= i, is the number of users who have both items. Rows are split
     * between {@code threads} workers by target row so no two workers write the same entry.
     */
    public double[] gramLower(int threads) {
        int n = numItems;
        double[] g = new double[Math.multiplyExact(n, n)];
        int parts = Math.max(1, threads);
        java.util.stream.IntStream.range(0, parts).parallel().forEach(part -> {
            int lo = (int) ((long) n * part / parts);
            int hi = (int) ((long) n * (part + 1) / parts);
            for (int[] r : rows) {
                int from = lowerBound(r, lo);
                for (int x = from; x < r.length && r[x] < hi; x++) {
                    int base = r[x] * n;
                    for (int y = 0; y <= x; y++) {
                        g[base + r[y]] += 1.0;
                    }
                }
            }
        });
        return g;
    }

    /**
     * {@link #gramLower(int)} in single precision, for the float form of EASE: half the memory, and exact, since
     * a co-occurrence count below 2^24 is a float without rounding.
     */
    public float[] gramLowerFloat(int threads) {
        int n = numItems;
        float[] g = new float[Math.multiplyExact(n, n)];
        int parts = Math.max(1, threads);
        java.util.stream.IntStream.range(0, parts).parallel().forEach(part -> {
            int lo = (int) ((long) n * part / parts);
            int hi = (int) ((long) n * (part + 1) / parts);
            for (int[] r : rows) {
                int from = lowerBound(r, lo);
                for (int x = from; x < r.length && r[x] < hi; x++) {
                    int base = r[x] * n;
                    for (int y = 0; y <= x; y++) {
                        g[base + r[y]] += 1f;
                    }
                }
            }
        });
        return g;
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Reads a user-items file (one line per user: the user's index, then the indices of the items they
     * interacted with, separated by white space) into a binary matrix whose columns are those item indices.
     *
     * @throws IOException naming file:line when a token is not a non-negative integer
     */
    public static BinaryMatrix readUserItems(Path file) throws IOException {
        List<int[]> rows = new ArrayList<>();
        int items = 0;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] tokens = line.trim().split("\\s+");
                if (tokens.length == 0 || tokens[0].isEmpty()) {
                    continue;
                }
                int[] row = new int[tokens.length - 1];
                for (int t = 1; t < tokens.length; t++) {
                    try {
                        row[t - 1] = Integer.parseInt(tokens[t]);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ":" + lineNo + ": item id '" + tokens[t] + "' is not an integer");
                    }
                    if (row[t - 1] < 0) {
                        throw new IOException(file + ":" + lineNo + ": negative item id " + row[t - 1]);
                    }
                    items = Math.max(items, row[t - 1] + 1);
                }
                rows.add(row);
            }
        }
        return BinaryMatrix.of(items, rows.toArray(new int[0][]));
    }
}
