package io.whyrec.text.coldstart;

import io.whyrec.api.Shuffle;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The cold-start split: a seeded share of the items that have events is held out entirely; every event on a
 * held-out ("cold") item, in train or in test, goes to test, and the other test events stay in test. A model
 * fitted on the result has never seen an interaction with a cold item.
 *
 * @param split the new train and test parts (same indices and catalogue)
 * @param cold  the held-out items
 */
public record ColdStartSplit(Split split, BitSet cold) {

    /**
     * Holds out items of a given split.
     *
     * @param given train and test parts sharing indices
     * @param share share of the items with at least one event (train or test) to hold out, in (0, 1)
     * @param seed  seed of the item choice (a seeded Fisher-Yates shuffle of those items; the first
     *              round(share * count) are cold)
     */
    public static ColdStartSplit of(Split given, double share, long seed) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("cold item share must be in (0, 1), got " + share);
        }
        Dataset train = given.train();
        Dataset test = given.test();
        int[] trainCounts = train.itemCounts();
        int[] testCounts = test.itemCounts();
        int count = 0;
        int[] active = new int[train.numItems()];
        for (int i = 0; i < active.length; i++) {
            if (trainCounts[i] + testCounts[i] > 0) {
                active[count++] = i;
            }
        }
        Shuffle.inPlace(active, count, new SplittableRandom(seed));
        BitSet cold = new BitSet(train.numItems());
        int holdOut = (int) Math.round(share * count);
        for (int i = 0; i < holdOut; i++) {
            cold.set(active[i]);
        }
        return new ColdStartSplit(apply(given, cold, "cold-start(" + share + ", seed " + seed + ") of " + given.name()), cold);
    }

    /** Moves every event on a cold item to test. */
    static Split apply(Split given, BitSet cold, String name) {
        Dataset train = given.train();
        Dataset test = given.test();
        BitSet keep = new BitSet(train.numEvents());
        for (int e = 0; e < train.numEvents(); e++) {
            if (!cold.get(train.item(e))) {
                keep.set(e);
            }
        }
        Dataset newTrain = train.subset(keep);
        int moved = train.numEvents() - keep.cardinality();
        int n = test.numEvents() + moved;
        int[] user = new int[n];
        int[] item = new int[n];
        long[] time = new long[n];
        float[] value = new float[n];
        short[] type = new short[n];
        int p = 0;
        for (Dataset part : new Dataset[] {test, train}) {
            for (int u = 0; u < part.numUsers(); u++) {
                for (int e = part.userStart(u); e < part.userEnd(u); e++) {
                    if (part == train && keep.get(e)) {
                        continue;
                    }
                    user[p] = u;
                    item[p] = part.item(e);
                    time[p] = part.timestamp(e);
                    value[p] = part.value(e);
                    type[p] = (short) part.eventType(e);
                    p++;
                }
            }
        }
        if (!train.eventTypes().equals(test.eventTypes())) {
            throw new IllegalArgumentException("split '" + given.name() + "': train and test have different event types");
        }
        Dataset newTest = Dataset.fromColumns(train.users(), train.catalog(), train.eventTypes(), user, item, time,
                value, type);
        return new Split(newTrain, newTest, name);
    }
}
