package io.whyrec.neural.model;

import io.whyrec.core.config.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of a {@link SasRec} model and of its training, with every default in {@link #defaults()}.
 *
 * <p>Defaults (units in brackets):
 * <ul>
 *   <li>{@code maxLen = 50} [events]: the longest history read; older events are dropped (SASRec's n)</li>
 *   <li>{@code dim = 64}: width of item and position embeddings and of every layer</li>
 *   <li>{@code blocks = 2}: causal self-attention blocks</li>
 *   <li>{@code heads = 1}: attention heads per block; must divide {@code dim}</li>
 *   <li>{@code dropout = 0.2} [probability]: on embeddings, attention weights and feed-forward outputs</li>
 *   <li>{@code learningRate = 0.001}: Adam step size (beta1 0.9, beta2 0.999, DJL's defaults)</li>
 *   <li>{@code batchSize = 128} [users]: sequences per optimisation step</li>
 *   <li>{@code maxEpochs = 200} [epochs]: upper bound of training passes over all training sequences</li>
 *   <li>{@code evalEvery = 2} [epochs]: how often NDCG@10 on the validation item is measured</li>
 *   <li>{@code patience = 5} [validation checks]: stop after this many checks without a better NDCG@10; the
 *       parameters of the best check are kept</li>
 *   <li>{@code seed = 42}: seeds parameter initialisation, dropout and the batch order</li>
 *   <li>{@code negatives = 0} [items]: 0 trains with the softmax over the full catalogue; k > 0 with a sampled
 *       softmax over the target and k items drawn uniformly (shared by a batch, accidental hits masked), for
 *       large catalogues; experimental (see docs/neural.md: the loss can become NaN, and the trainer then stops
 *       with a message naming the epoch and batch)</li>
 *   <li>{@code context = false}: when true, an hour-of-day embedding (24 rows, UTC) and a weekday embedding
 *       (7 rows, Monday first) of each event's timestamp are added to the item and position embeddings at every
 *       input position; needs data with timestamps ({@link ContextFeatures})</li>
 *   <li>{@code refit = true}: when true, after early stopping a fresh model (same seed) is trained for the best
 *       check's number of epochs on every transition including each user's validation item, which the
 *       early-stopped model never learned from; the validation figure then describes the early-stopping run,
 *       and training takes about twice as long</li>
 * </ul>
 *
 * @param maxLen       the longest history read, at least 1
 * @param dim          embedding and layer width, at least 1
 * @param blocks       number of self-attention blocks, at least 1
 * @param heads        attention heads, at least 1, dividing {@code dim}
 * @param dropout      dropout probability in [0, 1)
 * @param learningRate Adam learning rate, positive
 * @param batchSize    sequences per step, at least 1
 * @param maxEpochs    maximum epochs, at least 1
 * @param evalEvery    epochs between validation checks, at least 1
 * @param patience     validation checks without improvement before stopping, at least 1
 * @param seed         seed of every random choice of training
 * @param negatives    0 for the full softmax, else the number of sampled negatives per batch
 * @param context      add hour-of-day and weekday embeddings of each event's time
 * @param refit        after early stopping, retrain on every transition including the validation items
 */
public record SasRecConfig(int maxLen, int dim, int blocks, int heads, double dropout, double learningRate,
                           int batchSize, int maxEpochs, int evalEvery, int patience, long seed,
                           int negatives, boolean context, boolean refit) {

    /** Default of {@link #maxLen()}. */
    public static final int DEFAULT_MAX_LEN = 50;
    /** Default of {@link #dim()}. */
    public static final int DEFAULT_DIM = 64;
    /** Default of {@link #blocks()}. */
    public static final int DEFAULT_BLOCKS = 2;
    /** Default of {@link #heads()}. */
    public static final int DEFAULT_HEADS = 1;
    /** Default of {@link #dropout()}. */
    public static final double DEFAULT_DROPOUT = 0.2;
    /** Default of {@link #learningRate()}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Default of {@link #batchSize()}. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Default of {@link #maxEpochs()}. */
    public static final int DEFAULT_MAX_EPOCHS = 200;
    /** Default of {@link #evalEvery()}. */
    public static final int DEFAULT_EVAL_EVERY = 2;
    /** Default of {@link #patience()}. */
    public static final int DEFAULT_PATIENCE = 5;
    /** Default of {@link #seed()}. */
    public static final long DEFAULT_SEED = 42L;
    /** Default of {@link #negatives()}: the full softmax. */
    public static final int DEFAULT_NEGATIVES = 0;
    /** Default of {@link #context()}: no time-of-event features. */
    public static final boolean DEFAULT_CONTEXT = false;
    /**
     * Default of {@link #refit()}: refit on the validation items too (on Amazon Beauty it turned a model behind EASE
     * on the test item into one ahead of it; see docs/neural.md).
     */
    public static final boolean DEFAULT_REFIT = true;

    /** Checks every range. */
    public SasRecConfig {
        check(maxLen >= 1, "maxLen", maxLen, ">= 1");
        check(dim >= 1, "dim", dim, ">= 1");
        check(blocks >= 1, "blocks", blocks, ">= 1");
        check(heads >= 1 && dim % heads == 0, "heads", heads, ">= 1 and divide dim=" + dim);
        check(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)");
        check(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "> 0");
        check(batchSize >= 1, "batchSize", batchSize, ">= 1");
        check(maxEpochs >= 1, "maxEpochs", maxEpochs, ">= 1");
        check(evalEvery >= 1, "evalEvery", evalEvery, ">= 1");
        check(patience >= 1, "patience", patience, ">= 1");
        check(negatives >= 0, "negatives", negatives, ">= 0");
    }

    /** The same settings without context features and without refit. */
    public SasRecConfig(int maxLen, int dim, int blocks, int heads, double dropout, double learningRate,
                        int batchSize, int maxEpochs, int evalEvery, int patience, long seed, int negatives) {
        this(maxLen, dim, blocks, heads, dropout, learningRate, batchSize, maxEpochs, evalEvery, patience, seed,
                negatives, false, false);
    }

    /** The same settings with context features switched on or off. */
    public SasRecConfig withContext(boolean on) {
        return new SasRecConfig(maxLen, dim, blocks, heads, dropout, learningRate, batchSize, maxEpochs, evalEvery,
                patience, seed, negatives, on, refit);
    }

    /** The same settings with the refit after early stopping switched on or off. */
    public SasRecConfig withRefit(boolean on) {
        return new SasRecConfig(maxLen, dim, blocks, heads, dropout, learningRate, batchSize, maxEpochs, evalEvery,
                patience, seed, negatives, context, on);
    }

    /** The same settings without the sampled-softmax option (the full softmax). */
    public SasRecConfig(int maxLen, int dim, int blocks, int heads, double dropout, double learningRate,
                        int batchSize, int maxEpochs, int evalEvery, int patience, long seed) {
        this(maxLen, dim, blocks, heads, dropout, learningRate, batchSize, maxEpochs, evalEvery, patience, seed, 0);
    }

    /** Every default (see the class comment). */
    public static SasRecConfig defaults() {
        return new SasRecConfig(DEFAULT_MAX_LEN, DEFAULT_DIM, DEFAULT_BLOCKS, DEFAULT_HEADS, DEFAULT_DROPOUT,
                DEFAULT_LEARNING_RATE, DEFAULT_BATCH_SIZE, DEFAULT_MAX_EPOCHS, DEFAULT_EVAL_EVERY, DEFAULT_PATIENCE,
                DEFAULT_SEED, DEFAULT_NEGATIVES, DEFAULT_CONTEXT, DEFAULT_REFIT);
    }

    /** The parameters with stable keys (the order of the record), for reports and the saved JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxLen", maxLen);
        m.put("dim", dim);
        m.put("blocks", blocks);
        m.put("heads", heads);
        m.put("dropout", dropout);
        m.put("learningRate", learningRate);
        m.put("batchSize", batchSize);
        m.put("maxEpochs", maxEpochs);
        m.put("evalEvery", evalEvery);
        m.put("patience", patience);
        m.put("seed", seed);
        m.put("negatives", negatives);
        m.put("context", context);
        m.put("refit", refit);
        return m;
    }

    /** The keys {@link #override} reads, those of {@link #toMap()}. */
    public static final Set<String> KEYS = Set.of("maxLen", "dim", "blocks", "heads", "dropout", "learningRate",
            "batchSize", "maxEpochs", "evalEvery", "patience", "seed", "negatives", "context", "refit");

    /** These settings with the given ones applied (the command line's, the server's or a saved model's). */
    public SasRecConfig override(Params p) {
        return new SasRecConfig(p.intAtLeast("maxLen", maxLen, 1), p.intAtLeast("dim", dim, 1),
                p.intAtLeast("blocks", blocks, 1), p.intAtLeast("heads", heads, 1),
                p.number("dropout", dropout, 0, false), p.number("learningRate", learningRate, 0, true),
                p.intAtLeast("batchSize", batchSize, 1), p.intAtLeast("maxEpochs", maxEpochs, 1),
                p.intAtLeast("evalEvery", evalEvery, 1), p.intAtLeast("patience", patience, 1),
                p.longValue("seed", seed), p.intAtLeast("negatives", negatives, 0), p.bool("context", context),
                p.bool("refit", refit));
    }

    /** The settings {@link #override} reads back into this configuration. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        toMap().forEach((k, v) -> s.put(k, String.valueOf(v)));
        return s;
    }

    /**
     * Reads a map written by {@link #toMap()} (negatives, context and refit may be absent: files written before
     * they existed read as off).
     *
     * @param where names the source in error messages (e.g. the JSON file)
     * @throws IllegalArgumentException naming the source and the missing or bad key
     */
    public static SasRecConfig fromMap(Map<String, ?> m, String where) {
        return defaults().withContext(false).withRefit(false).override(Params.stored(where, m)
                .require("maxLen", "dim", "blocks", "heads", "dropout", "learningRate", "batchSize", "maxEpochs",
                        "evalEvery", "patience", "seed"));
    }

    private static void check(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("sasrec: " + key + " must be " + expected + ", got " + value);
        }
    }
}
