package io.whyrec.neural.train;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.Histories;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequences a SASRec model is trained and early-stopped on, built from a training dataset with the
 * leave-one-out rule applied once more inside it: each user's sequence is their binary history in time order
 * (first occurrence of each item, as the evaluation reads it); the last item is the user's validation target and
 * the items before it are the training sequence, in which every item from the second on is a training target of
 * the prefix before it. Users with fewer than two items have no validation pair; users with fewer than three have
 * no training pair.
 *
 * @param train          training sequences (dense item ids, oldest first), one per user with at least two
 * @param valHistory     validation histories (every item before the validation target)
 * @param valTarget      validation targets aligned with {@code valHistory}
 */
public record TrainingSequences(List<int[]> train, List<int[]> valHistory, int[] valTarget) {

    /** Builds the sequences of every user of a dataset. */
    public static TrainingSequences of(Dataset data) {
        List<int[]> train = new ArrayList<>();
        List<int[]> valHistory = new ArrayList<>();
        List<Integer> valTarget = new ArrayList<>();
        for (int u = 0; u < data.numUsers(); u++) {
            int[] items = Histories.binary(data, u).items();
            if (items.length < 2) {
                continue;
            }
            int[] history = java.util.Arrays.copyOf(items, items.length - 1);
            valHistory.add(history);
            valTarget.add(items[items.length - 1]);
            if (history.length >= 2) {
                train.add(history);
            }
        }
        return new TrainingSequences(train, valHistory, valTarget.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Sequences given directly (tests): every sequence is used for training and none for validation. */
    public static TrainingSequences ofSequences(List<int[]> sequences, List<int[]> valHistory, int[] valTarget) {
        return new TrainingSequences(List.copyOf(sequences), List.copyOf(valHistory), valTarget.clone());
    }

    /**
     * The training sequences cut into windows of at most {@code maxLen + 1} items, from the end backwards, that
     * overlap by one item, so that every (prefix, next item) pair of a long sequence is trained once per epoch with
     * the prefix's last {@code maxLen} items at most (a window's first item is an input only).
     */
    public List<int[]> windows(int maxLen) {
        List<int[]> out = new ArrayList<>();
        for (int[] s : train) {
            for (int end = s.length; end >= 2; end -= maxLen) {
                int start = Math.max(0, end - maxLen - 1);
                out.add(java.util.Arrays.copyOfRange(s, start, end));
            }
        }
        return out;
    }
}
