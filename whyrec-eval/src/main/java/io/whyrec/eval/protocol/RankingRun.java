package io.whyrec.eval.protocol;

import io.whyrec.api.History;
import io.whyrec.api.Metric;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.WeightedHistoryModel;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.eval.metric.CatalogueStats;
import io.whyrec.eval.metric.ListMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ranking loop both protocols share: for each evaluated user, build the history from the visible events,
 * rank every candidate item not among the user's visible items, keep the top K and compute the metrics. Users
 * are spread over worker threads; each user's result is written at its own position, so the outcome does not
 * depend on the number of threads or their timing.
 */
final class RankingRun {

    /** Users handed to a worker at a time. */
    private static final int CHUNK = 32;

    private RankingRun() {
    }

    /**
     * Runs the loop.
     *
     * @param task       progress task name
     * @param model      the fitted model
     * @param visible    the events the model may see; a user's visible items are excluded from the ranking
     * @param users      evaluated users, in order
     * @param relevant   held-out relevant items per evaluated user (non-empty), aligned with {@code users}
     * @param candidates items that may be recommended
     * @param k          cut-off
     * @param settings   history function and number of threads
     * @param progress   receives one unit per user
     */
    static RankingResult run(String task, Recommender model, Dataset visible, int[] users,
                             List<Set<Integer>> relevant, BitSet candidates, int k, EvalSettings settings,
                             List<Metric> metrics, List<ListMetric> listMetrics, Progress progress) {
        if (model.numItems() != visible.numItems()) {
            throw new IllegalArgumentException("model " + model.name() + " scores " + model.numItems()
                    + " items but the evaluation catalogue has " + visible.numItems());
        }
        int n = users.length;
        double[][] values = new double[metrics.size()][n];
        int[][] rankings = new int[n][];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            int start;
            while ((start = next.getAndAdd(CHUNK)) < n) {
                int end = Math.min(n, start + CHUNK);
                for (int p = start; p < end; p++) {
                    int user = users[p];
                    History history = model instanceof WeightedHistoryModel weighted
                            ? HistoryBuilder.build(visible, user, weighted.weighting())
                            : settings.histories().of(visible, user);
                    BitSet seen = visible.itemSetOf(user);
                    List<ScoredItem> top = model.recommend(history, k, i -> !candidates.get(i) || seen.get(i));
                    int[] ranked = new int[top.size()];
                    for (int r = 0; r < ranked.length; r++) {
                        ranked[r] = top.get(r).item();
                    }
                    rankings[p] = ranked;
                    for (int m = 0; m < metrics.size(); m++) {
                        values[m][p] = metrics.get(m).value(ranked, relevant.get(p), k);
                    }
                }
                int d = done.addAndGet(end - start);
                synchronized (progress) {
                    progress.update(task, d, n);
                }
            }
        };
        runWorkers(worker, Math.min(settings.threads(), Math.max(1, (n + CHUNK - 1) / CHUNK)));

        Map<String, double[]> perUser = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            perUser.put(metrics.get(m).name(k), values[m]);
        }
        CatalogueStats stats = CatalogueStats.of(visible, Math.max(1, candidates.cardinality()));
        List<int[]> lists = Arrays.asList(rankings);
        Map<String, Double> listValues = new LinkedHashMap<>();
        for (ListMetric metric : listMetrics) {
            listValues.put(metric.name(k), n == 0 ? Double.NaN : metric.value(lists, stats, k));
        }
        return new RankingResult(k, users, perUser, listValues, rankings);
    }

    private static void runWorkers(Runnable worker, int threads) {
        if (threads <= 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "whyrec-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("evaluation worker failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
