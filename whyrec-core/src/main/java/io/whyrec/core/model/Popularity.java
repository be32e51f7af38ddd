package io.whyrec.core.model;

import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.core.files.PersistentModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The non-personalised baseline: an item's score is the number of distinct training users who acted on it,
 * whatever the history. It is also the ranking shown when a user switches personalisation off.
 */
public final class Popularity implements Recommender, PersistentModel {

    /** The model name and the persisted kind. */
    public static final String NAME = "pop";

    private final int[] counts;

    private Popularity(int[] counts) {
        this.counts = counts;
    }

    /** Counts the distinct users of every item. */
    public static Popularity fit(BinaryMatrix x) {
        return new Popularity(x.itemCounts());
    }

    /** The user count of an item. */
    public int count(int item) {
        return counts[item];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of();
    }

    @Override
    public int numItems() {
        return counts.length;
    }

    /** Writes the item counts into {@code out}; the history is not read. */
    @Override
    public void score(History history, double[] out) {
        if (out.length != counts.length) {
            throw new IllegalArgumentException("pop: score array has length " + out.length + ", expected " + counts.length);
        }
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
    }

    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeInt(counts.length);
        for (int c : counts) {
            out.writeInt(c);
        }
    }

    /** Reads a model written by {@link #writePayload}. */
    public static Popularity readPayload(Map<String, Object> params, DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("pop payload: negative item count " + n);
        }
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = in.readInt();
        }
        return new Popularity(counts);
    }

    @Override
    public String toString() {
        return "Popularity" + Arrays.toString(Arrays.copyOf(counts, Math.min(counts.length, 10)));
    }
}
