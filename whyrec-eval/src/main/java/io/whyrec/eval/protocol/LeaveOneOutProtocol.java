package io.whyrec.eval.protocol;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.eval.metric.Metrics;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Chronological leave-one-out for sequential models. Each user's last event (by timestamp, then import order)
 * is the test target; the model is fitted on all other events ({@link Splits#leaveLastOut}) and the history is
 * every event of the user before the target. The ranking is over all items with at least one event in the
 * data, with the history's items masked (full ranking, no sampled negatives). Users with fewer than two events
 * have no history and are not evaluated; a target item the user already had in the history (a repeat) cannot
 * be recommended with masking, so that user is not evaluated either, as the given split drops test items seen
 * in train.
 *
 * <p>The validation protocol ({@link #validation(long)}) is the same protocol applied to the training part:
 * its targets are the second-to-last events and its model is fitted without the last two events.
 */
public final class LeaveOneOutProtocol implements EvaluationProtocol {

    private final Dataset train;
    private final int k;
    private final EvalSettings settings;
    private final BitSet candidates;
    private final int[] users;
    private final List<Set<Integer>> relevant;
    private final String splitName;
    private final int dropped;

    /** The protocol with {@link EvalSettings#defaults()}. */
    public LeaveOneOutProtocol(Dataset data, int k) {
        this(data, k, EvalSettings.defaults());
    }

    /**
     * The protocol on the full event log.
     *
     * @param data     every event; the last event of each user becomes its target
     * @param k        the cut-off, positive
     * @param settings history function and threads (the validation ratio is not used)
     */
    public LeaveOneOutProtocol(Dataset data, int k, EvalSettings settings) {
        this(data, k, settings, "leave-last-out");
    }

    private LeaveOneOutProtocol(Dataset data, int k, EvalSettings settings, String splitName) {
        Objects.requireNonNull(data, "data");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (k <= 0) {
            throw new IllegalArgumentException("cut-off k must be positive, got " + k);
        }
        this.k = k;
        this.splitName = splitName;
        Split split = Splits.leaveLastOut(data);
        this.train = split.train();
        this.candidates = data.itemsWithEvents();
        List<Integer> evaluated = new ArrayList<>();
        this.relevant = new ArrayList<>();
        int without = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            if (data.userSize(u) == 0) {
                continue;
            }
            if (data.userSize(u) < 2) {
                without++;
                continue;
            }
            int target = data.item(data.userEnd(u) - 1);
            if (train.itemSetOf(u).get(target)) {
                without++;
                continue;
            }
            evaluated.add(u);
            relevant.add(Set.of(target));
        }
        this.users = evaluated.stream().mapToInt(Integer::intValue).toArray();
        this.dropped = without;
    }

    @Override
    public String name() {
        return "leave-one-out";
    }

    @Override
    public String splitName() {
        return splitName;
    }

    @Override
    public int k() {
        return k;
    }

    /** Every event except each user's last. */
    @Override
    public Dataset train() {
        return train;
    }

    @Override
    public int[] users() {
        return users.clone();
    }

    /** Users with events but a single one, or whose last event repeats an item of their history. */
    @Override
    public int droppedUsers() {
        return dropped;
    }

    /** The target item of the user at a position of {@link #users()}. */
    public int target(int position) {
        return relevant.get(position).iterator().next();
    }

    /** Number of candidate items (items with at least one event in the data). */
    public int numCandidates() {
        return candidates.cardinality();
    }

    @Override
    public RankingResult evaluate(Recommender model, Progress progress) {
        return RankingRun.run("evaluate " + model.name(), model, train, users, relevant, candidates, k, settings,
                Metrics.perUser(), Metrics.lists(), progress);
    }

    /** Leave-one-out on the training part: second-to-last events are the targets; the seed is not used. */
    @Override
    public LeaveOneOutProtocol validation(long seed) {
        return new LeaveOneOutProtocol(train, k, settings, "validation of " + splitName + ": second-to-last");
    }
}
