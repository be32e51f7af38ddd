package io.whyrec.core.data;

import io.whyrec.api.Shuffle;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The splitting protocols. Every one is deterministic: the random one takes a seed, the others depend only on
 * timestamps and import order.
 */
public final class Splits {

    private Splits() {
    }

    /**
     * Per-user random split: for each user, a seeded shuffle puts round(ratio * n) events in train and the rest
     * in test. Users with a single event keep it in train.
     *
     * @param ratio share of each user's events that go to train, in (0, 1)
     * @param seed  seed of the shuffle; the same seed gives the same split
     */
    public static Split randomRatio(Dataset data, double ratio, long seed) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("train ratio must be in (0, 1), got " + ratio);
        }
        SplittableRandom random = new SplittableRandom(seed);
        BitSet train = new BitSet(data.numEvents());
        for (int u = 0; u < data.numUsers(); u++) {
            int start = data.userStart(u);
            int n = data.userSize(u);
            if (n == 0) {
                continue;
            }
            int[] order = Shuffle.permutation(n, random);
            int nTrain = n == 1 ? 1 : (int) Math.max(1, Math.round(ratio * n));
            for (int i = 0; i < nTrain; i++) {
                train.set(start + order[i]);
            }
        }
        return complement(data, train, "random:" + ratio + " seed=" + seed);
    }

    /**
     * Chronological leave-last-out: each user's latest event (by timestamp, then import order) is the test
     * event; users with a single event keep it in train.
     */
    public static Split leaveLastOut(Dataset data) {
        BitSet train = new BitSet(data.numEvents());
        train.set(0, data.numEvents());
        for (int u = 0; u < data.numUsers(); u++) {
            if (data.userSize(u) >= 2) {
                train.clear(data.userEnd(u) - 1);
            }
        }
        return complement(data, train, "leave-last-out");
    }

    /** Global temporal cut: events strictly before {@code cutTimestamp} train, the rest test. */
    public static Split temporal(Dataset data, long cutTimestamp) {
        BitSet train = new BitSet(data.numEvents());
        for (int e = 0; e < data.numEvents(); e++) {
            if (data.timestamp(e) < cutTimestamp) {
                train.set(e);
            }
        }
        return complement(data, train, "temporal:" + cutTimestamp);
    }

    private static Split complement(Dataset data, BitSet train, String name) {
        BitSet test = (BitSet) train.clone();
        test.flip(0, data.numEvents());
        return new Split(data.subset(train), data.subset(test), name);
    }
}
