package io.whyrec.neural;

import io.whyrec.neural.train.TrainingSequences;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tiny synthetic sequences for unit tests: the next item is a deterministic function of the last one,
 * {@code next(x) = (x + 7) mod n}, a permutation of the items with a single cycle of length n = 20 (7 and 20 are
 * coprime), so no sequence of at most 20 items repeats an item, and a trained model can
 * reach near-perfect accuracy in seconds.
 */
public final class RuleSequences {

    /** Catalogue size of the fixtures. */
    public static final int N = 20;

    private RuleSequences() {
    }

    /** The rule. */
    public static int next(int item) {
        return (item + 7) % N;
    }

    /** {@code count} sequences of 4..8 items following the rule from seeded random starts. */
    public static List<int[]> sequences(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int len = 4 + rnd.nextInt(5);
            int[] seq = new int[len];
            seq[0] = rnd.nextInt(N);
            for (int i = 1; i < len; i++) {
                seq[i] = next(seq[i - 1]);
            }
            out.add(seq);
        }
        return out;
    }

    /** Training sequences and validation pairs (the last item of each validation sequence is its target). */
    public static TrainingSequences data(int trainCount, int valCount, long seed) {
        List<int[]> train = sequences(trainCount, seed);
        List<int[]> val = sequences(valCount, seed + 1);
        List<int[]> histories = new ArrayList<>();
        int[] targets = new int[val.size()];
        for (int i = 0; i < val.size(); i++) {
            int[] v = val.get(i);
            histories.add(java.util.Arrays.copyOf(v, v.length - 1));
            targets[i] = v[v.length - 1];
        }
        return TrainingSequences.ofSequences(train, histories, targets);
    }
}
