package io.whyrec.eval.protocol;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import java.util.Arrays;

/**
 * Which offline protocol to run, as a value: the held-out part it makes, the validation part it carves from the
 * training part for tuning (always the same kind of hold-out as the test: a random split is validated on a random
 * split of train with the same ratio, a temporal cut on a temporal cut of train holding out the same share of
 * events, leave-one-out on each user's second-to-last event), and the protocol that evaluates. {@link #parse}
 * reads the command line's {@code --protocol} text; {@link #build} makes the {@link EvaluationProtocol}.
 */
public sealed interface ProtocolSpec {

    /** The protocol on the data's given train/test split; validated on a seeded per-user random split of train. */
    record Given() implements ProtocolSpec {
        @Override
        public String text() {
            return "given";
        }

        @Override
        public EvaluationProtocol build(Dataset all, Split given, int k, EvalSettings settings) {
            if (given == null) {
                throw new IllegalArgumentException("--protocol given needs a test file (--test FILE) or an "
                        + "imported train/test split");
            }
            return new GivenSplitProtocol(given, k, settings);
        }
    }

    /**
     * A per-user random split with a share of each user's events in train.
     *
     * @param trainRatio share of each user's events kept for training, in (0, 1)
     * @param seed       seed of the split (the validation split uses the tuner's seed)
     */
    record RandomRatio(double trainRatio, long seed) implements ProtocolSpec {
        /** Checks the ratio. */
        public RandomRatio {
            if (!(trainRatio > 0 && trainRatio < 1)) {
                throw new IllegalArgumentException("random:RATIO: the ratio must be in (0, 1), got " + trainRatio);
            }
        }

        @Override
        public String text() {
            return "random:" + trainRatio;
        }

        @Override
        public EvaluationProtocol build(Dataset all, Split given, int k, EvalSettings settings) {
            return new GivenSplitProtocol(Splits.randomRatio(all, trainRatio, seed), k, settings,
                    (train, s) -> Splits.randomRatio(train, trainRatio, s));
        }
    }

    /**
     * A global temporal cut: events before the timestamp train, the rest test.
     *
     * @param cut the first timestamp of the test part
     */
    record Temporal(long cut) implements ProtocolSpec {
        @Override
        public String text() {
            return "temporal:" + cut;
        }

        @Override
        public EvaluationProtocol build(Dataset all, Split given, int k, EvalSettings settings) {
            Split outer = Splits.temporal(all, cut);
            double heldOut = all.numEvents() == 0 ? 0 : (double) outer.test().numEvents() / all.numEvents();
            return new GivenSplitProtocol(outer, k, settings, (train, s) -> Splits.temporal(train,
                    cutHolding(train, heldOut)));
        }

        /**
         * The cut of a temporal split of {@code data} whose test part holds about {@code share} of its events:
         * the timestamp of the event at rank {@code round((1 - share) * n)} in time order (events at that
         * timestamp all go to test).
         */
        static long cutHolding(Dataset data, double share) {
            int n = data.numEvents();
            if (n == 0) {
                return Long.MAX_VALUE;
            }
            long[] times = new long[n];
            for (int e = 0; e < n; e++) {
                times[e] = data.timestamp(e);
            }
            Arrays.sort(times);
            int rank = (int) Math.min(n - 1, Math.max(0, Math.round((1 - share) * n)));
            return times[rank];
        }
    }

    /** Chronological leave-one-out ({@link LeaveOneOutProtocol}): each user's last event is the target. */
    record LeaveOneOut() implements ProtocolSpec {
        @Override
        public String text() {
            return "loo";
        }

        @Override
        public EvaluationProtocol build(Dataset all, Split given, int k, EvalSettings settings) {
            return new LeaveOneOutProtocol(all, k, settings);
        }
    }

    /** The spec as {@link #parse} reads it. */
    String text();

    /**
     * Reads a protocol: {@code given}, {@code random:RATIO}, {@code temporal:TIMESTAMP} or {@code loo} (also
     * {@code leave-one-out}).
     *
     * @param text the text; null means {@code given} when the data has a test part and {@code random:0.8}
     *             otherwise
     * @param hasGiven whether the data has a given test part
     * @param seed seed of a random split
     * @throws IllegalArgumentException naming the text and the forms accepted
     */
    static ProtocolSpec parse(String text, boolean hasGiven, long seed) {
        String s = text == null ? (hasGiven ? "given" : "random:0.8") : text.trim();
        if (s.equals("given")) {
            return new Given();
        }
        if (s.equals("loo") || s.equals("leave-one-out")) {
            return new LeaveOneOut();
        }
        if (s.startsWith("random:")) {
            return new RandomRatio(number(s.substring(7), "random:RATIO"), seed);
        }
        if (s.startsWith("temporal:")) {
            String t = s.substring(9).trim();
            try {
                return new Temporal(Long.parseLong(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--protocol temporal:TIMESTAMP: '" + t
                        + "' is not a whole number of seconds");
            }
        }
        throw new IllegalArgumentException("unknown --protocol '" + text
                + "' (expected given, random:0.8, temporal:TIMESTAMP or loo)");
    }

    private static double number(String text, String form) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--protocol " + form + ": '" + text + "' is not a number");
        }
    }

    /**
     * Builds the protocol.
     *
     * @param all      every event (the given split's train part when there is one: a made split never reads
     *                 the given test part)
     * @param given    the data's given split, or null; required by {@link Given}
     * @param k        the cut-off
     * @param settings history function and threads
     */
    EvaluationProtocol build(Dataset all, Split given, int k, EvalSettings settings);

}
