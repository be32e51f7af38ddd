package io.whyrec.text.coldstart;

import io.whyrec.api.History;
import io.whyrec.api.Metric;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.WeightedHistoryModel;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.eval.metric.Metrics;
import io.whyrec.eval.protocol.EvalSettings;
import io.whyrec.eval.protocol.EvaluationProtocol;
import io.whyrec.eval.protocol.RankingResult;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The cold-item protocol: after a {@link ColdStartSplit}, every user with at least one test event on a cold item
 * is ranked over the cold items only (no interaction with any of them was seen in training), from the history
 * of the user's training events; the relevant items are the user's cold test items. Metrics are the per-user
 * metrics of {@link Metrics#perUser()}. A history is built as in the other protocols: with the model's own
 * weighting for a {@link WeightedHistoryModel}, otherwise with the settings' history function. Its validation
 * protocol is a cold-start split of the training part with the same share of cold items.
 */
public final class ColdItemProtocol implements EvaluationProtocol {

    private final ColdStartSplit cold;
    private final double share;
    private final int k;
    private final EvalSettings settings;
    private final int[] users;
    private final List<Set<Integer>> relevant;
    private final int dropped;

    /**
     * The protocol on a cold-start split.
     *
     * @param cold     the split and its cold items
     * @param share    the share of items that was held out (used again for the validation split)
     * @param k        the cut-off, positive
     * @param settings history function (threads are not used: users are ranked in order)
     */
    public ColdItemProtocol(ColdStartSplit cold, double share, int k, EvalSettings settings) {
        this.cold = Objects.requireNonNull(cold, "cold");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (k <= 0) {
            throw new IllegalArgumentException("cut-off k must be positive, got " + k);
        }
        this.share = share;
        this.k = k;
        Dataset test = cold.split().test();
        List<Integer> evaluated = new ArrayList<>();
        relevant = new ArrayList<>();
        int without = 0;
        for (int u = 0; u < test.numUsers(); u++) {
            Set<Integer> rel = new HashSet<>();
            for (int e = test.userStart(u); e < test.userEnd(u); e++) {
                if (cold.cold().get(test.item(e))) {
                    rel.add(test.item(e));
                }
            }
            if (!rel.isEmpty()) {
                evaluated.add(u);
                relevant.add(Set.copyOf(rel));
            } else if (test.userSize(u) > 0) {
                without++;
            }
        }
        users = evaluated.stream().mapToInt(Integer::intValue).toArray();
        dropped = without;
    }

    @Override
    public String name() {
        return "cold-items";
    }

    @Override
    public String splitName() {
        return cold.split().name();
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public Dataset train() {
        return cold.split().train();
    }

    /** Users with test events on warm items only. */
    @Override
    public int droppedUsers() {
        return dropped;
    }

    @Override
    public int[] users() {
        return users.clone();
    }

    /** Number of cold items (the candidates). */
    public int numColdItems() {
        return cold.cold().cardinality();
    }

    @Override
    public RankingResult evaluate(Recommender model, Progress progress) {
        Dataset visible = train();
        List<Metric> metrics = Metrics.perUser();
        double[][] values = new double[metrics.size()][users.length];
        int[][] rankings = new int[users.length][];
        BitSet candidates = cold.cold();
        String task = "evaluate " + model.name() + " on cold items";
        for (int p = 0; p < users.length; p++) {
            int u = users[p];
            History history = model instanceof WeightedHistoryModel w
                    ? HistoryBuilder.build(visible, u, w.weighting()) : settings.histories().of(visible, u);
            List<ScoredItem> top = model.recommend(history, k, i -> !candidates.get(i));
            int[] ranked = top.stream().mapToInt(ScoredItem::item).toArray();
            rankings[p] = ranked;
            for (int m = 0; m < metrics.size(); m++) {
                values[m][p] = metrics.get(m).value(ranked, relevant.get(p), k);
            }
            if (p % 256 == 0) {
                progress.update(task, p, users.length);
            }
        }
        progress.update(task, users.length, users.length);
        Map<String, double[]> perUser = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            perUser.put(metrics.get(m).name(k), values[m]);
        }
        return new RankingResult(k, users, perUser, Map.of(), rankings);
    }

    @Override
    public ColdItemProtocol validation(long seed) {
        Dataset train = train();
        Dataset empty = train.subset(new BitSet());
        ColdStartSplit inner = ColdStartSplit.of(new Split(train, empty, "train of " + splitName()), share, seed);
        return new ColdItemProtocol(inner, share, k, settings);
    }
}
