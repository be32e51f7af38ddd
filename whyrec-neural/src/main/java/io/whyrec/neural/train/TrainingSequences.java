package io.whyrec.neural.train;

import io.whyrec.api.History;
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
 * @param trainTimes     timestamps [s since the epoch] of the training sequences' events, aligned with
 *                       {@code train} (all 0 when the data has no time)
 * @param valTimes       timestamps of the validation histories' events, aligned with {@code valHistory}
 * @param valTargetTimes timestamps of the validation targets, aligned with {@code valTarget}
 */
public record TrainingSequences(List<int[]> train, List<int[]> valHistory, int[] valTarget, List<long[]> trainTimes,
                                List<long[]> valTimes, long[] valTargetTimes) {

    /** Sequences without times (every timestamp 0). */
    public TrainingSequences(List<int[]> train, List<int[]> valHistory, int[] valTarget) {
        this(train, valHistory, valTarget, zeros(train), zeros(valHistory), new long[valTarget.length]);
    }

    /**
     * Every validation pair turned into training data, with no validation users left: what a model is refitted on
     * once early stopping has chosen its number of epochs. A training sequence that is a validation history itself
     * (the same user, as {@link #of(Dataset)} builds them) gets its validation target appended; any other
     * validation pair becomes a sequence of its own (history followed by target); the other training sequences are
     * kept as they are.
     */
    public TrainingSequences withValidationAsTraining() {
        java.util.Map<int[], Integer> pairOf = new java.util.IdentityHashMap<>();
        for (int u = 0; u < valHistory.size(); u++) {
            pairOf.put(valHistory.get(u), u);
        }
        List<int[]> seqs = new ArrayList<>(valHistory.size() + train.size());
        List<long[]> times = new ArrayList<>(valHistory.size() + train.size());
        for (int i = 0; i < train.size(); i++) {
            if (!pairOf.containsKey(train.get(i))) {
                seqs.add(train.get(i));
                times.add(trainTimes.get(i));
            }
        }
        for (int u = 0; u < valHistory.size(); u++) {
            int[] h = valHistory.get(u);
            int[] s = java.util.Arrays.copyOf(h, h.length + 1);
            s[h.length] = valTarget[u];
            long[] t = java.util.Arrays.copyOf(valTimes.get(u), h.length + 1);
            t[h.length] = valTargetTimes[u];
            seqs.add(s);
            times.add(t);
        }
        return new TrainingSequences(seqs, List.of(), new int[0], times, List.of(), new long[0]);
    }

    private static List<long[]> zeros(List<int[]> seqs) {
        List<long[]> out = new ArrayList<>(seqs.size());
        for (int[] s : seqs) {
            out.add(new long[s.length]);
        }
        return out;
    }

    /** Whether any event has a non-zero timestamp (context features need times). */
    public boolean hasTimes() {
        for (List<long[]> list : List.of(trainTimes, valTimes)) {
            for (long[] t : list) {
                for (long v : t) {
                    if (v != 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Builds the sequences of every user of a dataset. */
    public static TrainingSequences of(Dataset data) {
        List<int[]> train = new ArrayList<>();
        List<int[]> valHistory = new ArrayList<>();
        List<Integer> valTarget = new ArrayList<>();
        List<long[]> trainTimes = new ArrayList<>();
        List<long[]> valTimes = new ArrayList<>();
        List<Long> valTargetTimes = new ArrayList<>();
        for (int u = 0; u < data.numUsers(); u++) {
            History h = Histories.binary(data, u);
            int[] items = h.items();
            if (items.length < 2) {
                continue;
            }
            long[] times = new long[items.length - 1];
            for (int i = 0; i < times.length; i++) {
                times[i] = h.event(i).timestamp();
            }
            int[] history = java.util.Arrays.copyOf(items, items.length - 1);
            valHistory.add(history);
            valTimes.add(times);
            valTarget.add(items[items.length - 1]);
            valTargetTimes.add(h.event(items.length - 1).timestamp());
            if (history.length >= 2) {
                train.add(history);
                trainTimes.add(times);
            }
        }
        return new TrainingSequences(train, valHistory, valTarget.stream().mapToInt(Integer::intValue).toArray(),
                trainTimes, valTimes, valTargetTimes.stream().mapToLong(Long::longValue).toArray());
    }

    /** Sequences given directly (tests): every sequence is used for training and none for validation. */
    public static TrainingSequences ofSequences(List<int[]> sequences, List<int[]> valHistory, int[] valTarget) {
        return new TrainingSequences(List.copyOf(sequences), List.copyOf(valHistory), valTarget.clone());
    }

    /** Sequences with event times given directly (tests). */
    public static TrainingSequences ofTimedSequences(List<int[]> sequences, List<long[]> times,
                                                     List<int[]> valHistory, List<long[]> valTimes, int[] valTarget,
                                                     long[] valTargetTimes) {
        return new TrainingSequences(List.copyOf(sequences), List.copyOf(valHistory), valTarget.clone(),
                List.copyOf(times), List.copyOf(valTimes), valTargetTimes.clone());
    }

    /**
     * The training sequences cut into windows of at most {@code maxLen + 1} items, from the end backwards, that
     * overlap by one item, so that every (prefix, next item) pair of a long sequence is trained once per epoch with
     * the prefix's last {@code maxLen} items at most (a window's first item is an input only).
     */
    public List<int[]> windows(int maxLen) {
        return cut(train, maxLen, (s, from, to) -> java.util.Arrays.copyOfRange(s, from, to), s -> s.length);
    }

    /** The timestamps of {@link #windows}, window by window. */
    public List<long[]> timeWindows(int maxLen) {
        return cut(trainTimes, maxLen, (s, from, to) -> java.util.Arrays.copyOfRange(s, from, to), s -> s.length);
    }

    /** A copy of the range [from, to) of an array. */
    private interface Slicer<A> {
        A slice(A array, int from, int to);
    }

    /** The window rule of {@link #windows} applied to arrays of any element type. */
    private static <A> List<A> cut(List<A> seqs, int maxLen, Slicer<A> slicer,
                                   java.util.function.ToIntFunction<A> length) {
        List<A> out = new ArrayList<>();
        for (A s : seqs) {
            for (int end = length.applyAsInt(s); end >= 2; end -= maxLen) {
                out.add(slicer.slice(s, Math.max(0, end - maxLen - 1), end));
            }
        }
        return out;
    }
}
