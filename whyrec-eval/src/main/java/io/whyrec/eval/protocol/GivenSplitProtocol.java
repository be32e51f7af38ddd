package io.whyrec.eval.protocol;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.eval.metric.Metrics;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The given-split protocol of the whyrec design: a train/test split of implicit interactions where every
 * event is a positive. Candidate items are the items with at least one training event. A user's relevant
 * items are the test items that are candidates and not among the user's training items; users with at least
 * one relevant item are evaluated, in ascending index order. Each is ranked over all candidates except the
 * user's training items (full ranking, never sampled negatives: Krichene and Rendle, KDD 2020), from the
 * history built of the user's training events. Users with test events of which none is relevant are counted as
 * {@link #droppedUsers()}.
 *
 * <p>The validation protocol is carved from the training part by a {@link Carving}: by default a seeded per-user
 * random split ({@link EvalSettings#validationRatio()}); {@link ProtocolSpec} passes the carving of the same kind
 * as the split itself (random for random, temporal for temporal).
 */
public final class GivenSplitProtocol implements EvaluationProtocol {

    private final Split split;
    private final int k;
    private final EvalSettings settings;
    private final BitSet candidates;
    private final int[] users;
    private final List<Set<Integer>> relevant;
    private final Carving carving;
    private final int dropped;

    /** How a validation split is carved from a training part. */
    @FunctionalInterface
    public interface Carving {
        /**
         * Splits the training part.
         *
         * @param train the outer protocol's training part
         * @param seed  the tuner's seed
         */
        Split carve(Dataset train, long seed);
    }

    /** The protocol with {@link EvalSettings#defaults()}. */
    public GivenSplitProtocol(Split split, int k) {
        this(split, k, EvalSettings.defaults());
    }

    /**
     * The protocol on a split.
     *
     * @param split    train and test parts sharing user and item indices
     * @param k        the cut-off, positive
     * @param settings history function, threads and validation ratio
     */
    public GivenSplitProtocol(Split split, int k, EvalSettings settings) {
        this(split, k, settings, null);
    }

    /**
     * The protocol on a split, validated on a carving of its training part.
     *
     * @param split    train and test parts sharing user and item indices
     * @param k        the cut-off, positive
     * @param settings history function and threads (and the validation ratio of the default carving)
     * @param carving  how the validation split is carved from train; null for the seeded per-user random split
     *                 at {@link EvalSettings#validationRatio()}
     */
    public GivenSplitProtocol(Split split, int k, EvalSettings settings, Carving carving) {
        this.split = Objects.requireNonNull(split, "split");
        this.carving = carving;
        this.settings = Objects.requireNonNull(settings, "settings");
        if (k <= 0) {
            throw new IllegalArgumentException("cut-off k must be positive, got " + k);
        }
        Dataset train = split.train();
        Dataset test = split.test();
        if (train.numUsers() != test.numUsers() || train.numItems() != test.numItems()) {
            throw new IllegalArgumentException("split '" + split.name() + "': train has " + train.numUsers()
                    + " users x " + train.numItems() + " items but test has " + test.numUsers() + " x "
                    + test.numItems() + "; both parts must share the indices");
        }
        this.k = k;
        this.candidates = train.itemsWithEvents();
        List<Integer> evaluated = new ArrayList<>();
        this.relevant = new ArrayList<>();
        int without = 0;
        for (int u = 0; u < test.numUsers(); u++) {
            if (test.userSize(u) == 0) {
                continue;
            }
            BitSet seen = train.itemSetOf(u);
            Set<Integer> rel = new HashSet<>();
            for (int e = test.userStart(u); e < test.userEnd(u); e++) {
                int item = test.item(e);
                if (candidates.get(item) && !seen.get(item)) {
                    rel.add(item);
                }
            }
            if (!rel.isEmpty()) {
                evaluated.add(u);
                relevant.add(Set.copyOf(rel));
            } else {
                without++;
            }
        }
        this.users = evaluated.stream().mapToInt(Integer::intValue).toArray();
        this.dropped = without;
    }

    @Override
    public String name() {
        return "given-split";
    }

    @Override
    public String splitName() {
        return split.name();
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public Dataset train() {
        return split.train();
    }

    /** Users with test events none of which is relevant (all seen in train, or items without training events). */
    @Override
    public int droppedUsers() {
        return dropped;
    }

    @Override
    public int[] users() {
        return users.clone();
    }

    /** The split this protocol evaluates on. */
    public Split split() {
        return split;
    }

    /** Number of candidate items (items with at least one training event). */
    public int numCandidates() {
        return candidates.cardinality();
    }

    /** The relevant items of the user at a position of {@link #users()}. */
    public Set<Integer> relevant(int position) {
        return relevant.get(position);
    }

    @Override
    public RankingResult evaluate(Recommender model, Progress progress) {
        return RankingRun.run("evaluate " + model.name(), model, split.train(), users, relevant, candidates, k,
                settings, Metrics.perUser(), Metrics.lists(), progress);
    }

    /**
     * A given-split protocol on the carving of the training part (by default a per-user random split:
     * {@code Splits.randomRatio(train, validationRatio, seed)}), carved again the same way if it is tuned on.
     */
    @Override
    public GivenSplitProtocol validation(long seed) {
        Split inner = carving == null ? Splits.randomRatio(split.train(), settings.validationRatio(), seed)
                : carving.carve(split.train(), seed);
        return new GivenSplitProtocol(new Split(inner.train(), inner.test(), "validation of " + split.name()
                + ": " + inner.name()), k, settings, carving);
    }
}
