package io.whyrec.neural.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.whyrec.api.Progress;
import io.whyrec.api.Shuffle;
import io.whyrec.neural.NeuralEngine;
import io.whyrec.neural.model.ContextFeatures;
import io.whyrec.neural.model.ItemVectorInit;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecBlock;
import io.whyrec.neural.model.SasRecConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a SASRec model: every position of every training sequence predicts the next item with a softmax over the
 * whole catalogue (cross-entropy against all items, output weights tied to the item embeddings; not binary
 * cross-entropy with one sampled negative; optionally a sampled softmax, {@link SasRecConfig#negatives()}), Adam,
 * sequences longer than {@code maxLen} cut into windows ({@link TrainingSequences#windows}) and batched with
 * windows of similar length, mini-batches of users in a seeded random order, and early
 * stopping on NDCG@10 of the validation item (seen items excluded from its ranking). The parameters of the best
 * validation check are restored at the end; with {@link SasRecConfig#refit()} a fresh model is then trained for the
 * best check's number of epochs on every transition including the validation items. One progress update per epoch
 * names the epoch, its mean loss and the validation NDCG@10 when measured (refit epochs as "sasrec refit epoch").
 * A step whose loss or gradient is not finite is skipped (counted in {@link EpochStats#skippedSteps()}); more than
 * {@value #MAX_SKIPPED_IN_A_ROW} in a row stop training with a message.
 */
public final class SasRecTrainer {

    /** Cut-off of the validation metric. */
    public static final int VALIDATION_K = 10;
    /**
     * Consecutive training steps with a non-finite loss or gradient that are skipped before training fails; a
     * single such step (seen once in CI on a 20-item test model at learning rate 0.01, not reproducible) is dropped
     * instead of writing NaN into every parameter.
     */
    static final int MAX_SKIPPED_IN_A_ROW = 3;
    /** Users per validation forward pass. */
    private static final int VALIDATION_BATCH = 256;

    /**
     * The outcome of training.
     *
     * @param model     the model with the parameters of the best validation check (or the last epoch when there
     *                  was no validation user; with {@link SasRecConfig#refit()} the model refitted for the best
     *                  check's number of epochs)
     * @param epochs    one entry per epoch run (with refit, the early-stopping epochs and then the refit's)
     * @param bestEpoch the epoch whose parameters were kept (with refit: the number of epochs refitted)
     * @param bestNdcg  the validation NDCG@10 of that epoch (NaN without validation users)
     */
    public record Result(SasRec model, List<EpochStats> epochs, int bestEpoch, double bestNdcg) {

        /** Mean seconds per epoch of the training steps. */
        public double secondsPerEpoch() {
            return epochs.stream().mapToDouble(EpochStats::seconds).average().orElse(Double.NaN);
        }
    }

    private SasRecTrainer() {
    }

    /**
     * Trains a model.
     *
     * @param numItems catalogue size
     * @param data     training sequences and validation pairs
     * @param config   network, optimisation and early-stopping settings, with the seed
     * @param progress receives one update per epoch
     */
    public static Result train(int numItems, TrainingSequences data, SasRecConfig config, Progress progress) {
        return train(numItems, data, config, null, progress);
    }

    /**
     * Trains a model whose item embeddings start from given vectors instead of random ones.
     *
     * @param initialItems {@code [numItems][dim]} initial item embeddings ({@link ItemVectorInit#project}), or null
     *                     for the seeded random initialisation
     */
    public static Result train(int numItems, TrainingSequences data, SasRecConfig config, float[][] initialItems,
                               Progress progress) {
        Result first = run(numItems, data, config, config.maxEpochs(), initialItems, progress, "sasrec");
        if (!config.refit() || data.valTarget().length == 0) {
            return first;
        }
        // the early-stopped model never saw the validation transitions: train a fresh one on all of them for the
        // chosen number of epochs (as EASE is refitted on the whole training part once lambda is chosen)
        first.model().close();
        Result refit = run(numItems, data.withValidationAsTraining(), config, first.bestEpoch(), initialItems,
                progress, "sasrec refit");
        List<EpochStats> all = new ArrayList<>(first.epochs());
        all.addAll(refit.epochs());
        Map<String, Object> summary = summary(first.epochs().size(), first.bestEpoch(), first.bestNdcg(), all);
        summary.put("refitEpochs", refit.epochs().size());
        refit.model().setSummary(summary);
        return new Result(refit.model(), List.copyOf(all), first.bestEpoch(), first.bestNdcg());
    }

    /**
     * One training run of at most {@code maxEpochs} epochs, with early stopping when there are validation users;
     * progress lines start with the label.
     */
    private static Result run(int numItems, TrainingSequences data, SasRecConfig config, int maxEpochs,
                              float[][] initialItems, Progress progress, String label) {
        if (data.train().isEmpty()) {
            throw new IllegalArgumentException("sasrec: no user has the three or more items needed for a training "
                    + "pair and a validation item");
        }
        if (config.context() && !data.hasTimes()) {
            throw new IllegalArgumentException("sasrec: context=true needs event timestamps, but every event of the "
                    + "training data has time 0 (e.g. a user-items file); use context=false");
        }
        if (config.negatives() >= numItems) {
            throw new IllegalArgumentException("sasrec: negatives (" + config.negatives() + ") must be below the "
                    + "catalogue size " + numItems + "; use 0 for the full softmax");
        }
        SasRec model = SasRec.initialise(numItems, config);
        SasRecBlock block = model.block();
        if (initialItems != null) {
            block.setItemVectors(initialItems);
        }
        NDManager manager = model.djlModel().getNDManager();
        JniUtils.setGradMode(false);
        List<Parameter> params = new ArrayList<>(block.getParameters().values());
        Adam adam = new Adam(params, config.learningRate(), manager);
        Engine engine = NeuralEngine.engine();
        SplittableRandom rnd = new SplittableRandom(config.seed());
        boolean validate = data.valTarget().length > 0;
        List<int[]> windows = data.windows(config.maxLen());
        List<long[]> times = config.context() ? data.timeWindows(config.maxLen()) : null;
        List<EpochStats> log = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        byte[] bestParams = null;
        int bestEpoch = 0;
        int bad = 0;
        int skippedInARow = 0;
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            long start = System.nanoTime();
            int[] order = bucketed(windows, config.batchSize(), rnd);
            double lossSum = 0;
            long pairs = 0;
            int skipped = 0;
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int to = Math.min(order.length, from + config.batchSize());
                Batch batch = Batch.of(windows, times, order, from, to, config.maxLen());
                long[] negatives = config.negatives() > 0 ? sample(config.negatives(), numItems, rnd) : null;
                try (NDScope scope = new NDScope()) {
                    NDArray ids = manager.create(batch.ids, new Shape(to - from, batch.t));
                    NDArray rows = manager.create(batch.rows);
                    NDArray targets = manager.create(batch.targets).reshape(-1, 1);
                    float value;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray hidden = block.hidden(ids, batch.context(block, manager), true)
                                .reshape((long) (to - from) * batch.t, config.dim());
                        NDArray h = hidden.get(rows);
                        if (negatives == null) {
                            Loss loss = fullSoftmaxLoss(block, h, targets);
                            gc.backward(loss.surrogate());
                            value = loss.value();
                        } else {
                            NDArray loss = sampledLoss(block, h, batch.targets, negatives, manager);
                            gc.backward(loss);
                            value = loss.getFloat();
                        }
                    }
                    if (!Float.isFinite(value) || !adam.gradientsFinite()) {
                        // a step whose loss or gradient is not finite would poison every parameter: skip it
                        adam.zeroGradients();
                        skipped++;
                        if (++skippedInARow > MAX_SKIPPED_IN_A_ROW) {
                            throw new IllegalStateException("sasrec: training loss or gradient was not finite (last "
                                    + "loss " + value + ") in " + skippedInARow + " steps in a row, up to epoch "
                                    + epoch + " batch " + (from / config.batchSize() + 1)
                                    + "; try a lower learningRate (now " + config.learningRate() + ")");
                        }
                        continue;
                    }
                    skippedInARow = 0;
                    lossSum += (double) value * batch.rows.length;
                    pairs += batch.rows.length;
                    adam.step();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double ndcg = Double.NaN;
            boolean check = validate && (epoch % config.evalEvery() == 0 || epoch == maxEpochs);
            if (check) {
                ndcg = validationNdcg(block, manager, data, config.maxLen());
                if (ndcg > best) {
                    best = ndcg;
                    bestEpoch = epoch;
                    bestParams = model.parameterBytes();
                    bad = 0;
                } else {
                    bad++;
                }
            }
            EpochStats stats = new EpochStats(epoch, pairs == 0 ? Double.NaN : lossSum / pairs, ndcg, seconds, skipped);
            log.add(stats);
            progress.update(String.format(Locale.ROOT, "%s epoch %d: loss %.4f, %.1f s%s%s", label, epoch, stats.loss(),
                    seconds, skipped == 0 ? "" : ", " + skipped + " non-finite step(s) skipped", check ? String.format(Locale.ROOT, ", validation NDCG@10 %.4f (best %.4f at %d)",
                            ndcg, best, bestEpoch) : ""), epoch, maxEpochs);
            if (check && bad >= config.patience()) {
                break;
            }
        }
        if (bestParams != null) {
            try {
                model.loadParameterBytes(bestParams, "best validation snapshot");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            bestEpoch = log.size();
        }
        model.setSummary(summary(log.size(), bestEpoch, validate ? best : Double.NaN, log));
        return new Result(model, List.copyOf(log), bestEpoch, validate ? best : Double.NaN);
    }

    /** What training found, for {@link SasRec#params()}: epochs run, the best check, skipped steps. */
    private static Map<String, Object> summary(int epochs, int bestEpoch, double ndcg, List<EpochStats> log) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("epochs", epochs);
        summary.put("bestEpoch", bestEpoch);
        summary.put("validationNdcg10", ndcg);
        summary.put("skippedSteps", log.stream().mapToInt(EpochStats::skippedSteps).sum());
        return summary;
    }

    /**
     * Cross-entropy over the whole catalogue at the real positions, with the output layer's gradient written by
     * hand so that only two tensors of size rows x catalogue are allocated per batch (the logits and their softmax;
     * autograd through {@code logSoftmax} and {@code gather} would allocate four or five, and on the build machine
     * fresh memory costs more than the arithmetic: a 34 MB result took about 100 ms, an in-place pass over it 12 ms).
     *
     * <p>For P rows with hidden states h_r, item vectors w_j and softmax p_rj, the mean loss
     * {@code (1/P) sum_r [logsumexp_j(h_r . w_j) - h_r . w_{t_r}]} has the gradients
     * {@code dh_r = (1/P)(sum_j p_rj w_j - w_{t_r})} and {@code dw_j = (1/P)(sum_r p_rj h_r - sum_{r: t_r = j} h_r)}.
     * The returned scalar is the surrogate {@code sum(h * A) + sum(W * Bm) - (1/P) sum_r h_r . w_{t_r}} with the
     * constants {@code A = (1/P) p W} and {@code Bm = (1/P) p^T h}: its gradient with respect to h and to the item
     * table is exactly the loss's. Its value is not the loss; the loss, {@code -(1/P) sum_r log p_{r t_r}}, is
     * returned beside it.
     */
    static Loss fullSoftmaxLoss(SasRecBlock block, NDArray h, NDArray targets) {
        long rows = h.getShape().get(0);
        NDArray table = block.itemTable();
        NDArray w = table.get("1:");
        NDArray hc = h.stopGradient();
        NDArray wc = w.stopGradient();
        NDArray p;
        try (NDArray logits = hc.matMul(wc.transpose())) {
            p = logits.softmax(-1);
        }
        NDArray pt = p.gather(targets, 1);
        float value = pt.maximum(Float.MIN_NORMAL).log().mean().neg().getFloat();
        float inv = 1f / rows;
        NDArray a = p.matMul(wc).muli(inv);
        NDArray bm = p.transpose().matMul(hc).muli(inv);
        p.close();
        NDArray target = table.get(targets.reshape(-1).add(1));
        return new Loss(h.mul(a).sum().add(w.mul(bm).sum()).sub(h.mul(target).sum().mul(inv)), value);
    }

    /** A scalar to differentiate and the loss value it stands for. */
    record Loss(NDArray surrogate, float value) {
    }

    /**
     * Sampled softmax cross-entropy: the target's logit against those of the shared sampled items, an accidental
     * hit (a sampled item equal to the row's target) masked out. Uniform sampling needs no log-q correction.
     */
    private static NDArray sampledLoss(SasRecBlock block, NDArray h, long[] targets, long[] negatives,
                                       NDManager manager) {
        NDArray table = block.itemTable();
        NDArray pos = h.mul(table.get(manager.create(targets).add(1))).sum(new int[] {1}, true);
        NDArray neg = h.matMul(table.get(manager.create(negatives).add(1)).transpose());
        float[] hit = new float[targets.length * negatives.length];
        for (int r = 0; r < targets.length; r++) {
            for (int k = 0; k < negatives.length; k++) {
                if (negatives[k] == targets[r]) {
                    hit[r * negatives.length + k] = -1e9f;
                }
            }
        }
        neg = neg.add(manager.create(hit, new Shape(targets.length, negatives.length)));
        return pos.concat(neg, 1).logSoftmax(-1).get(":, 0").mean().neg();
    }

    private static long[] sample(int k, int n, SplittableRandom rnd) {
        long[] out = new long[k];
        for (int i = 0; i < k; i++) {
            out[i] = rnd.nextInt(n);
        }
        return out;
    }

    /**
     * NDCG@10 of the validation targets, ranking every item except those in the history; a target already in its
     * history (a repeat) cannot be ranked and is not counted, as in the evaluation protocol.
     */
    static double validationNdcg(SasRecBlock block, NDManager manager, TrainingSequences data, int maxLen) {
        int n = block.numItems();
        int users = data.valTarget().length;
        double sum = 0;
        int counted = 0;
        int[] all = new int[users];
        for (int i = 0; i < users; i++) {
            all[i] = i;
        }
        for (int from = 0; from < users; from += VALIDATION_BATCH) {
            int to = Math.min(users, from + VALIDATION_BATCH);
            Batch batch = Batch.histories(data.valHistory(), block.config().context() ? data.valTimes() : null, all,
                    from, to, maxLen);
            float[] logits;
            try (NDScope scope = new NDScope()) {
                NDArray ids = manager.create(batch.ids, new Shape(to - from, batch.t));
                NDArray hidden = block.hidden(ids, batch.context(block, manager), false)
                        .get(":, " + (batch.t - 1) + ", :");
                logits = block.logits(hidden).toFloatArray();
            }
            for (int b = 0; b < to - from; b++) {
                int u = from + b;
                int target = data.valTarget()[u];
                java.util.BitSet seen = new java.util.BitSet(n);
                for (int i : data.valHistory().get(u)) {
                    seen.set(i);
                }
                if (seen.get(target)) {
                    continue;
                }
                counted++;
                int off = b * n;
                float s = logits[off + target];
                int ahead = 0;
                for (int j = 0; j < n && ahead < VALIDATION_K; j++) {
                    if (j != target && !seen.get(j)) {
                        float sj = logits[off + j];
                        if (sj > s || (sj == s && j < target)) {
                            ahead++;
                        }
                    }
                }
                if (ahead < VALIDATION_K) {
                    sum += 1.0 / (Math.log(ahead + 2) / Math.log(2));
                }
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /**
     * A seeded epoch order that batches windows of similar length together (so little of a batch is padding):
     * a random permutation, stably sorted by window length, cut into batches whose order is then shuffled.
     */
    static int[] bucketed(List<int[]> windows, int batchSize, SplittableRandom rnd) {
        int n = windows.size();
        int[] p = Shuffle.permutation(n, rnd);
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = p[i];
        }
        java.util.Arrays.sort(boxed, java.util.Comparator.comparingInt(i -> windows.get(i).length));
        int batches = (n + batchSize - 1) / batchSize;
        int[] batchOrder = Shuffle.permutation(batches, rnd);
        int[] out = new int[n];
        int k = 0;
        for (int b : batchOrder) {
            for (int i = b * batchSize; i < Math.min(n, (b + 1) * batchSize); i++) {
                out[k++] = boxed[i];
            }
        }
        return out;
    }


    /**
     * One padded, right-aligned batch: ids {@code [B, T]}, for training the real rows and their targets, and with
     * times the hour and weekday ids of each slot (null without context features).
     */
    private record Batch(long[] ids, int t, long[] rows, long[] targets, long[] hours, long[] days) {

        /** Training batch: inputs are each sequence's items but the last, targets the items after them. */
        static Batch of(List<int[]> seqs, List<long[]> times, int[] order, int from, int to, int maxLen) {
            int t = 1;
            long pairs = 0;
            for (int k = from; k < to; k++) {
                int m = Math.min(seqs.get(order[k]).length - 1, maxLen);
                t = Math.max(t, m);
                pairs += m;
            }
            long[] ids = new long[(to - from) * t];
            long[] hours = times == null ? null : new long[ids.length];
            long[] days = times == null ? null : new long[ids.length];
            long[] rows = new long[(int) pairs];
            long[] targets = new long[(int) pairs];
            int p = 0;
            for (int k = from; k < to; k++) {
                int[] s = seqs.get(order[k]);
                int m = Math.min(s.length - 1, maxLen);
                int b = k - from;
                for (int j = 0; j < m; j++) {
                    int col = t - m + j;
                    int src = s.length - 1 - m + j;
                    ids[b * t + col] = s[src] + 1L;
                    if (times != null) {
                        long ts = times.get(order[k])[src];
                        hours[b * t + col] = ContextFeatures.hour(ts);
                        days[b * t + col] = ContextFeatures.weekday(ts);
                    }
                    rows[p] = (long) b * t + col;
                    targets[p] = s[s.length - m + j];
                    p++;
                }
            }
            return new Batch(ids, t, rows, targets, hours, days);
        }

        /** Inference batch: the last {@code maxLen} items of each history, right-aligned. */
        static Batch histories(List<int[]> seqs, List<long[]> times, int[] order, int from, int to, int maxLen) {
            int t = 1;
            for (int k = from; k < to; k++) {
                t = Math.max(t, Math.min(seqs.get(order[k]).length, maxLen));
            }
            long[] ids = new long[(to - from) * t];
            long[] hours = times == null ? null : new long[ids.length];
            long[] days = times == null ? null : new long[ids.length];
            for (int k = from; k < to; k++) {
                int[] s = seqs.get(order[k]);
                int m = Math.min(s.length, maxLen);
                int b = k - from;
                for (int j = 0; j < m; j++) {
                    int src = s.length - m + j;
                    ids[b * t + t - m + j] = s[src] + 1L;
                    if (times != null) {
                        long ts = times.get(order[k])[src];
                        hours[b * t + t - m + j] = ContextFeatures.hour(ts);
                        days[b * t + t - m + j] = ContextFeatures.weekday(ts);
                    }
                }
            }
            return new Batch(ids, t, null, null, hours, days);
        }

        /** The context embeddings of the batch ({@link SasRecBlock#context}); null without times. */
        NDArray context(SasRecBlock block, NDManager manager) {
            if (hours == null) {
                return null;
            }
            Shape s = new Shape(ids.length / t, t);
            return block.context(manager.create(hours, s), manager.create(days, s));
        }
    }
}
