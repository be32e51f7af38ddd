package io.whyrec.spark;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.Ials;
import io.whyrec.core.model.IalsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark MLlib's implicit ALS ({@link ALS} with {@code implicitPrefs=true}) as a trainer of whyrec's iALS model:
 * MLlib fits the item factors on the same weighted history that {@link Ials} reads, and the factors become an
 * {@link Ials} model through {@link Ials#ofFactors}, so it is scored, evaluated and explained exactly like a model
 * fitted by whyrec itself.
 *
 * <p><b>Same history.</b> Each (user, item) cell gets the rating {@code r = sum_t w_t} over the item's events
 * in the user's history (1 for the binary history), and MLlib's confidence {@code 1 + alpha * |r|} is then
 * whyrec's {@code 1 + alpha * sum_t |w_t|} whenever the cell's events share a sign (always, for the binary
 * history and the seed formula's positive weights). MLlib has no preference -1: a cell with {@code r < 0} is
 * preference 0 there, where whyrec's iALS uses -1. Events of weight 0 (muted) are no cell, as in whyrec.
 *
 * <p><b>Same hyper-parameters.</b> Rank, alpha, iterations and seed are passed unchanged. MLlib scales the
 * regularisation of each row by its number of observed cells ("ALS-WR"): row u pays
 * {@code regParam * n_u * |x_u|^2} where whyrec pays {@code lambda * |x_u|^2}. {@link #regParam} maps whyrec's
 * lambda to the regParam that gives the same total regularisation weight over all rows,
 * {@code regParam = lambda * (users + items) / (2 * cells)}; a per-row weight cannot be matched exactly.
 *
 * <p><b>User vectors.</b> The returned model folds each history into a user vector against MLlib's item factors
 * with whyrec's constant lambda, not MLlib's own user factors; this is what makes its explanations exact and is
 * the same scoring as whyrec's own iALS, so a comparison isolates the item factors the trainers learn.
 */
public final class MllibAls {

    private MllibAls() {
    }

    /**
     * The (user, item, rating) cells MLlib is fed, one row per observed cell.
     *
     * @param histories one history per user, as {@link Ials#histories} builds them
     */
    static List<Row> cells(History[] histories) {
        List<Row> rows = new ArrayList<>();
        for (History h : histories) {
            Map<Integer, double[]> byItem = new HashMap<>();
            for (WeightedEvent e : h.events()) {
                if (e.weight() == 0) {
                    continue;
                }
                double[] s = byItem.computeIfAbsent(e.item(), i -> new double[1]);
                s[0] += e.weight();
            }
            for (Map.Entry<Integer, double[]> c : byItem.entrySet()) {
                rows.add(RowFactory.create(h.user(), c.getKey(), (float) c.getValue()[0]));
            }
        }
        return rows;
    }

    /**
     * MLlib's regParam for whyrec's lambda: the value whose per-row ALS-WR weights sum to lambda's over all rows.
     *
     * @param lambda   whyrec's regularisation
     * @param numUsers users with at least one cell
     * @param numItems items with at least one cell
     * @param cells    observed cells
     */
    public static double regParam(double lambda, int numUsers, int numItems, long cells) {
        if (cells <= 0) {
            throw new IllegalArgumentException("mllib als: no observed cells to fit");
        }
        return lambda * (numUsers + numItems) / (2.0 * cells);
    }

    /** MLlib's regParam for whyrec's lambda over the cells of a training set, as {@link #fit} passes it. */
    public static double regParam(Dataset train, IalsConfig config) {
        return regParam(config.lambda(), cells(Ials.histories(train, config.weighting())));
    }

    private static double regParam(double lambda, List<Row> rows) {
        BitSet users = new BitSet();
        BitSet items = new BitSet();
        for (Row r : rows) {
            users.set(r.getInt(0));
            items.set(r.getInt(1));
        }
        return regParam(lambda, users.cardinality(), items.cardinality(), rows.size());
    }

    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("user", DataTypes.IntegerType, false),
            DataTypes.createStructField("item", DataTypes.IntegerType, false),
            DataTypes.createStructField("rating", DataTypes.FloatType, false)));

    /**
     * Fits MLlib's implicit ALS on a dataset's histories under whyrec's configuration and returns it as an iALS
     * model of whyrec.
     *
     * @param spark  the session MLlib runs on
     * @param train  the training events
     * @param config rank ({@code factors}), lambda (mapped by {@link #regParam}), confidenceAlpha, iterations,
     *               seed and the history weighting
     */
    public static Ials fit(SparkSession spark, Dataset train, IalsConfig config) {
        List<Row> rows = cells(Ials.histories(train, config.weighting()));
        return fit(spark.createDataFrame(rows, SCHEMA), regParam(config.lambda(), rows), train.numItems(), config,
                null);
    }

    /**
     * Fits MLlib's implicit ALS on the histories of the users' records on the cluster: each record's history is
     * read as {@link Ials#histories} reads the user in a dataset, and its cells never leave the executors.
     *
     * @param users   the users' records
     * @param catalog the catalogue and event types the records index
     * @param config  as for {@link #fit(SparkSession, Dataset, IalsConfig)}
     */
    static Ials fit(SparkSession spark, JavaRDD<UserEvents> users, Broadcast<CatalogSnapshot> catalog,
                    IalsConfig config, Path scratch) {
        HashMap<String, String> settings = new HashMap<>(config.toSettings());
        JavaRDD<Row> cells = users.filter(u -> u.size() > 0).flatMap(u -> {
            IalsConfig c = IalsConfig.from(Params.of(Ials.NAME, settings, IalsConfig.KEYS));
            CatalogSnapshot snap = catalog.value();
            History h = Ials.histories(u.asDataset(snap.catalog(), snap.eventTypes()), c.weighting())[0];
            return cells(new History[]{new History(u.user(), h.events())}).iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        long n = cells.count();
        long numUsers = cells.map(r -> r.getInt(0)).distinct().count();
        long numItems = cells.map(r -> r.getInt(1)).distinct().count();
        try {
            return fit(spark.createDataFrame(cells, SCHEMA),
                    regParam(config.lambda(), (int) numUsers, (int) numItems, n), catalog.value().size(), config,
                    scratch);
        } finally {
            cells.unpersist();
        }
    }

    /**
     * Fits ALS with its lineage cut every {@link #CHECKPOINT_INTERVAL} iterations. Without a checkpoint directory
     * MLlib ignores the interval, and the lineage of the factor RDDs grows with every iteration until serialising a
     * task overflows the stack (seen at 15 iterations in a 2 GB test fork). A directory set by the user (the
     * {@code spark.checkpoint.dir} setting or {@code setCheckpointDir}) is used as it is; otherwise the fit
     * checkpoints into a fresh directory under {@code scratch} (or the temporary directory when null) and deletes
     * it when it ends, since the checkpoints hold the users' factors.
     */
    private static Ials fit(org.apache.spark.sql.Dataset<Row> cells, double reg, int n, IalsConfig config,
                            Path scratch) {
        SparkContext sc = cells.sparkSession().sparkContext();
        Path own = null;
        if (sc.getCheckpointDir().isEmpty() || OWN_CHECKPOINTS.contains(sc.getCheckpointDir().get())) {
            try {
                if (scratch != null) {
                    Files.createDirectories(scratch);
                }
                own = scratch == null ? Files.createTempDirectory("whyrec-als-")
                        : Files.createTempDirectory(scratch, "als-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the ALS checkpoint directory", e);
            }
            sc.setCheckpointDir(own.toString());
            OWN_CHECKPOINTS.add(sc.getCheckpointDir().get());
        }
        try {
            return fitFactors(cells, reg, n, config);
        } finally {
            if (own != null) {
                deleteTree(own);
            }
        }
    }

    /** ALS cuts its lineage every this many iterations (MLlib's default is 10, inert without a directory). */
    static final int CHECKPOINT_INTERVAL = 2;

    /** The checkpoint directories this class set on a context (and deleted), so it sets a fresh one next time. */
    private static final Set<String> OWN_CHECKPOINTS = ConcurrentHashMap.newKeySet();

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the ALS checkpoint directory " + dir, e);
        }
    }

    private static Ials fitFactors(org.apache.spark.sql.Dataset<Row> cells, double reg, int n, IalsConfig config) {
        ALS als = new ALS().setImplicitPrefs(true).setRank(config.factors()).setRegParam(reg)
                .setAlpha(config.confidenceAlpha()).setMaxIter(config.iterations()).setSeed(config.seed())
                .setUserCol("user").setItemCol("item").setRatingCol("rating").setNonnegative(false)
                .setCheckpointInterval(CHECKPOINT_INTERVAL);
        ALSModel model = als.fit(cells);
        int k = config.factors();
        double[] y = new double[n * k];
        for (Row r : model.itemFactors().collectAsList()) {
            int item = r.getInt(0);
            List<Float> f = r.getList(1);
            for (int j = 0; j < k; j++) {
                y[item * k + j] = f.get(j);
            }
        }
        return Ials.ofFactors(n, config, y);
    }
}
