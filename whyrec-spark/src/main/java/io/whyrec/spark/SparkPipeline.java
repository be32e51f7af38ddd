package io.whyrec.spark;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Metric;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.Importer;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseIalsBlend;
import io.whyrec.core.model.EaseIalsBlendConfig;
import io.whyrec.core.model.HeapCheck;
import io.whyrec.core.model.Ials;
import io.whyrec.core.model.IalsConfig;
import io.whyrec.core.model.ItemKnn;
import io.whyrec.core.model.ItemKnnConfig;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.linalg.SpdInverse;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.eval.metric.CatalogueStats;
import io.whyrec.eval.metric.ListMetric;
import io.whyrec.eval.metric.Metrics;
import io.whyrec.eval.protocol.Bootstrap;
import io.whyrec.eval.protocol.Interval;
import io.whyrec.eval.protocol.RankingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The whyrec pipeline as a Spark job. The training events (and a test part) become one record per user on the
 * cluster in one of two ways: imported on the driver with whyrec-core's {@link Importer} and spread over the
 * cluster ({@link JobData#of}), or, with {@code --input-format csv|parquet}, read, checked, deduplicated,
 * k-cored and grouped by user on the cluster without passing through the driver ({@link SparkHistories}); both
 * give the same records, ids and catalogue for the same events. The executors then compute, with whyrec-core's
 * own code:
 * <ul>
 *   <li>every user's weighted history (the seed formula of {@link EventWeighting}) and interest profile
 *       ({@link InterestProfiler}), written to the Parquet table {@code OUT/profiles};</li>
 *   <li>the item co-occurrence counts, the per-user outer products of the binary matrix summed by item
 *       (X^T X row by row); ItemKNN's shrunk cosine and top-k per item are computed from them on the executors
 *       ({@link ItemKnn#neighbours}), and EASE's Gram matrix is gathered to the driver, which solves it with
 *       {@link SpdInverse} as {@link Ease#fit} does;</li>
 *   <li>every user's top-K with the exact per-event contributions of each recommended item (the models are
 *       broadcast as their whyrec model files), written to {@code OUT/recommendations/MODEL};</li>
 *   <li>with a test part, the full-ranking metrics of whyrec-eval's given-split protocol per user (candidates:
 *       items with training events; the user's training items excluded), averaged on the driver as the
 *       single-machine evaluator averages them, written to {@code OUT/metrics.json}.</li>
 * </ul>
 * The fitted models are saved as {@code OUT/models/MODEL.model} in whyrec's model format, which
 * {@code whyrec recommend --model-file} and {@code whyrec serve} load. docs/spark.md describes the job and its
 * measured agreement with the single-machine path.
 *
 * <p>Usage (spark-submit, or {@code bin/whyrec spark}):
 * <pre>
 *   SparkPipeline --train FILE [--test FILE] [--items FILE] [--format NAME] [--master URL] --out DIR
 *                 [--models itemknn,ease,ials,blend] [--k 10] [--partitions 4] [--param MODEL.KEY=VALUE,...]
 * </pre>
 * {@code --master} defaults to the master spark-submit sets, else {@code local[*]}.
 */
public final class SparkPipeline {

    /**
     * The models the job can fit: ItemKNN and EASE from the distributed co-occurrence counts, and iALS trained
     * distributed by MLlib's implicit ALS ({@link MllibAls}) and explained exactly by whyrec's fold-in, and the
     * exactly explained blend of those EASE and iALS ({@link EaseIalsBlend}).
     */
    public static final List<String> MODELS = List.of(ItemKnn.NAME, Ease.NAME, Ials.NAME, EaseIalsBlend.NAME);
    /** The models it fits when none are named. */
    public static final List<String> DEFAULT_MODELS = List.of(ItemKnn.NAME, Ease.NAME);

    private SparkPipeline() {
    }

    /**
     * What the job computes.
     *
     * @param k          the cut-off of the recommendations and the metrics, positive
     * @param models     the models to fit, a subset of {@link #MODELS}
     * @param weighting  the history weighting of the interest profiles
     * @param itemKnn    ItemKNN's configuration
     * @param ease       EASE's configuration (the dense double form)
     * @param ials       iALS's configuration, which MLlib's ALS trains under ({@link MllibAls#fit})
     * @param blend      the blend's weight on iALS, in [0, 1]: the "blend" model mixes the job's EASE and iALS
     *                   ({@link EaseIalsBlend}), fitting each once when they are also listed
     * @param partitions number of partitions of the user records and of the co-occurrence rows, positive
     */
    public record Options(int k, List<String> models, EventWeighting weighting, ItemKnnConfig itemKnn,
                          EaseConfig ease, IalsConfig ials, double blend, int partitions) {

        /** Checks the values. */
        public Options {
            if (k <= 0) {
                throw new IllegalArgumentException("--k: must be positive, got " + k);
            }
            if (partitions <= 0) {
                throw new IllegalArgumentException("--partitions: must be positive, got " + partitions);
            }
            if (!(blend >= 0 && blend <= 1)) {
                throw new IllegalArgumentException("--param blend.blend: must be in [0, 1], got " + blend);
            }
            models = List.copyOf(models);
            for (String m : models) {
                if (!MODELS.contains(m)) {
                    throw new IllegalArgumentException("--models: unknown model '" + m + "' (the Spark job fits "
                            + String.join(", ", MODELS) + ")");
                }
            }
        }

        /**
         * Top-10, ItemKNN and EASE ({@link #DEFAULT_MODELS}), every model's documented defaults, the default
         * weighting, 4 partitions.
         */
        public static Options defaults() {
            return new Options(10, DEFAULT_MODELS, EventWeighting.DEFAULT, ItemKnnConfig.defaults(),
                    EaseConfig.defaults(), IalsConfig.defaults(), EaseIalsBlendConfig.DEFAULT_BLEND, 4);
        }
    }

    /**
     * One fitted model of a run.
     *
     * @param model   the fitted model (as the driver holds it)
     * @param file    its model file
     * @param ranking the per-user metrics and rankings of the evaluated users; null without a test part
     * @param intervals the 95% bootstrap interval of each per-user metric's mean ({@link Bootstrap#means}, seed
     *                  {@value #BOOTSTRAP_SEED}, as {@code whyrec evaluate}); null without a test part
     * @param versusFirst the paired 95% interval of each metric's difference from the first model of the run
     *                    ({@link Bootstrap#pairedDifferences}); null for the first model and without a test part
     */
    public record ModelRun(Recommender model, Path file, RankingResult ranking, Map<String, Interval> intervals,
                           Map<String, Interval> versusFirst) {
    }

    /**
     * What a run produced.
     *
     * @param models       the fitted models by name, in the order they ran
     * @param stageSeconds wall-clock seconds of each stage, in the order they ran
     * @param out          the output directory
     */
    public record Result(Map<String, ModelRun> models, Map<String, Double> stageSeconds, Path out) {
    }

    /**
     * Runs the job on a session.
     *
     * @param train   the training events (the dataset of a split's train part)
     * @param test    the test part sharing train's indices, or null for no evaluation
     * @param out     the output directory (Parquet tables, model files, metrics.json)
     * @param options what to compute
     * @throws IllegalArgumentException when the test part does not share train's indices, or EASE is asked for
     *                                  a catalogue above the dense double form's size
     */
    public static Result run(SparkSession spark, Dataset train, Dataset test, Path out, Options options)
            throws IOException {
        long t0 = System.nanoTime();
        JobData data = JobData.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), train, test,
                options.partitions());
        return run(spark, data, out, options, "distribute users", seconds(t0));
    }

    /**
     * Runs the job on the users' records.
     *
     * @param data      the records and the driver's facts, released when the run ends
     * @param firstStage the name of the stage that made {@code data}, listed first with its seconds
     */
    static Result run(SparkSession spark, JobData data, Path out, Options options, String firstStage,
                      double firstSeconds) throws IOException {
        Files.createDirectories(out);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put(firstStage, firstSeconds);
        String runKey = UUID.randomUUID().toString();
        CatalogSnapshot snapshot = data.snapshot();
        Broadcast<CatalogSnapshot> catalog = jsc.broadcast(snapshot);
        int n = data.numItems();
        JavaRDD<UserEvents> users = data.users();
        // ALS checkpoints under the output directory, which the executors already share (they write its tables)
        Path scratch = out.resolve(".checkpoint");

        long t0 = System.nanoTime();
        writeProfiles(spark, users, catalog, options.weighting(), out.resolve("profiles"));
        stages.put("profiles", seconds(t0));

        t0 = System.nanoTime();
        JavaPairRDD<Integer, int[]> cooccurrence = cooccurrence(users, n, options.partitions()).cache();
        cooccurrence.count();
        stages.put("co-occurrence counts", seconds(t0));

        Map<String, ModelRun> runs = new LinkedHashMap<>();
        BitSet candidates = data.candidates();
        Broadcast<BitSet> candidateSet = jsc.broadcast(candidates);
        // EASE and iALS are fitted once each, also when the blend of the two is listed beside them
        Map<String, Recommender> parts = new HashMap<>();
        for (String name : options.models()) {
            t0 = System.nanoTime();
            Recommender model = switch (name) {
                case ItemKnn.NAME -> fitItemKnn(jsc, cooccurrence, n, options.itemKnn());
                case Ials.NAME -> parts.computeIfAbsent(name,
                        x -> MllibAls.fit(spark, users, catalog, options.ials(), scratch));
                case EaseIalsBlend.NAME -> new EaseIalsBlend(
                        (Ease) parts.computeIfAbsent(Ease.NAME, x -> fitEase(cooccurrence, n, options.ease())),
                        (Ials) parts.computeIfAbsent(Ials.NAME, x -> MllibAls.fit(spark, users, catalog,
                                options.ials(), scratch)),
                        options.blend());
                default -> parts.computeIfAbsent(name, x -> fitEase(cooccurrence, n, options.ease()));
            };
            Path file = out.resolve("models").resolve(name + ".model");
            ModelFiles.save(model, file, snapshot.itemIds(), data.fingerprint());
            stages.put("fit " + name, seconds(t0));

            t0 = System.nanoTime();
            ModelBytes bytes = ModelBytes.of(file, runKey + "/" + name);
            Broadcast<ModelBytes> shipped = jsc.broadcast(bytes);
            JavaRDD<Ranked> ranked = rank(users, catalog, shipped, candidateSet, options.k());
            if (data.hasTest()) {
                // read twice: by the table and by the evaluation (a partition that does not fit goes to disk)
                ranked.persist(StorageLevel.MEMORY_AND_DISK());
            }
            writeRecommendations(spark, ranked, catalog, out.resolve("recommendations").resolve(name));
            RankingResult result = data.hasTest() ? evaluation(ranked, data, options.k()) : null;
            ranked.unpersist();
            shipped.destroy();
            bytes.release();
            stages.put("recommend + evaluate " + name, seconds(t0));
            // the bootstrap runs once per model, here; metrics.json and the printed lines read its intervals
            RankingResult first = runs.isEmpty() ? null : runs.values().iterator().next().ranking();
            Bootstrap bootstrap = new Bootstrap(BOOTSTRAP_SEED);
            runs.put(name, new ModelRun(model, file, result, result == null ? null : bootstrap.means(result),
                    result == null || first == null ? null : bootstrap.pairedDifferences(result, first)));
        }
        cooccurrence.unpersist();
        candidateSet.destroy();
        catalog.destroy();
        data.release();
        // the fits deleted their checkpoints; the directory itself goes when nothing else was put there
        if (Files.isDirectory(scratch)) {
            try (Stream<Path> left = Files.list(scratch)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(scratch);
                }
            }
        }
        writeMetrics(out.resolve("metrics.json"), runs, stages);
        return new Result(runs, stages, out);
    }

    // ---------------------------------------------------------------- profiles

    private static void writeProfiles(SparkSession spark, JavaRDD<UserEvents> users,
                                      Broadcast<CatalogSnapshot> catalog, EventWeighting weighting, Path dir) {
        HashMap<String, String> settings = new HashMap<>(weighting.toSettings());
        JavaRDD<Row> rows = users.mapPartitions(it -> {
            CatalogSnapshot snap = catalog.value();
            EventWeighting w = EventWeighting.DEFAULT.override(Params.of("profile", settings, EventWeighting.KEYS));
            InterestProfiler profiler = new InterestProfiler(snap.catalog());
            List<Row> out = new ArrayList<>();
            while (it.hasNext()) {
                UserEvents user = it.next();
                if (user.size() == 0) {
                    continue;
                }
                History history = ProfileHistory.of(user, snap, w);
                InterestProfile profile = profiler.profile(history);
                for (InterestProfile.FacetInterest facet : profile.facets()) {
                    out.add(RowFactory.create(user.id(), user.user(), profile.numEvents(), profile.activity(),
                            profile.unassignedWeight(), facet.name(), facet.weight(), facet.share(),
                            evidenceRows(facet.evidence(), snap), evidenceRows(facet.against(), snap)));
                }
            }
            return out.iterator();
        });
        spark.createDataFrame(rows, PROFILE_SCHEMA).write().mode(SaveMode.Overwrite).parquet(dir.toString());
    }

    private static Row[] evidenceRows(List<InterestProfile.Evidence> evidence, CatalogSnapshot snap) {
        Row[] rows = new Row[evidence.size()];
        for (int e = 0; e < rows.length; e++) {
            InterestProfile.Evidence ev = evidence.get(e);
            rows[e] = RowFactory.create(ev.position(), snap.itemId(ev.item()), ev.weight(), ev.contribution());
        }
        return rows;
    }

    /** An event of a history in a table: its position, item, weight w_t and contribution. */
    private static final StructType EVENT_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("position", DataTypes.IntegerType, false),
            DataTypes.createStructField("item", DataTypes.StringType, false),
            DataTypes.createStructField("weight", DataTypes.DoubleType, false),
            DataTypes.createStructField("contribution", DataTypes.DoubleType, false)));

    /**
     * {@code OUT/profiles}: one row per (user, facet) of the user's interest profile, with the events in favour
     * ({@code evidence}) and against ({@code against}) in the profiler's order.
     */
    public static final StructType PROFILE_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("user", DataTypes.StringType, false),
            DataTypes.createStructField("user_index", DataTypes.IntegerType, false),
            DataTypes.createStructField("num_events", DataTypes.IntegerType, false),
            DataTypes.createStructField("activity", DataTypes.DoubleType, false),
            DataTypes.createStructField("unassigned_weight", DataTypes.DoubleType, false),
            DataTypes.createStructField("facet", DataTypes.StringType, false),
            DataTypes.createStructField("interest", DataTypes.DoubleType, false),
            DataTypes.createStructField("share", DataTypes.DoubleType, false),
            DataTypes.createStructField("evidence", DataTypes.createArrayType(EVENT_SCHEMA, false), false),
            DataTypes.createStructField("against", DataTypes.createArrayType(EVENT_SCHEMA, false), false)));

    /** {@code OUT/recommendations/MODEL}: one row per recommended item, with every history event's contribution. */
    public static final StructType RECOMMENDATION_SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("user", DataTypes.StringType, false),
            DataTypes.createStructField("user_index", DataTypes.IntegerType, false),
            DataTypes.createStructField("rank", DataTypes.IntegerType, false),
            DataTypes.createStructField("item", DataTypes.StringType, false),
            DataTypes.createStructField("item_index", DataTypes.IntegerType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false),
            DataTypes.createStructField("contributions", DataTypes.createArrayType(EVENT_SCHEMA, false), false)));

    /** The profile history of a user record: whyrec-core's {@code HistoryBuilder} on the one-user dataset. */
    private static final class ProfileHistory {
        private ProfileHistory() {
        }

        static History of(UserEvents user, CatalogSnapshot snap, EventWeighting weighting) {
            Dataset one = user.asDataset(snap.catalog(), snap.eventTypes());
            History h = io.whyrec.core.profile.HistoryBuilder.build(one, 0, weighting);
            return new History(user.user(), h.events());
        }
    }

    // ---------------------------------------------------------------- co-occurrences and fits

    /**
     * Row a of X^T X for every item a with users: entry b is the number of users who have both a and b (entry a
     * is the item's number of users). Each user gives its distinct items' row once per item, combined per
     * partition before the shuffle.
     */
    static JavaPairRDD<Integer, int[]> cooccurrence(JavaRDD<UserEvents> users, int n, int partitions) {
        return users.flatMapToPair(user -> {
            int[] row = io.whyrec.core.model.BinaryMatrix.of(n, new int[][]{user.items()}).row(0);
            List<Tuple2<Integer, int[]>> out = new ArrayList<>(row.length);
            for (int a : row) {
                out.add(new Tuple2<>(a, row));
            }
            return out.iterator();
        }).combineByKey(row -> {
            int[] counts = new int[n];
            for (int b : row) {
                counts[b]++;
            }
            return counts;
        }, (counts, row) -> {
            for (int b : row) {
                counts[b]++;
            }
            return counts;
        }, (x, y) -> {
            for (int b = 0; b < n; b++) {
                x[b] += y[b];
            }
            return x;
        }, partitions);
    }

    /** A kept row of ItemKNN's similarities, as the executors send it to the driver. */
    private record KnnRow(int item, int[] neighbours, float[] similarities) implements Serializable {
    }

    private static ItemKnn fitItemKnn(JavaSparkContext jsc, JavaPairRDD<Integer, int[]> cooccurrence, int n,
                                      ItemKnnConfig config) {
        double[] norm = new double[n];
        for (Tuple2<Integer, Integer> d : cooccurrence.mapToPair(r -> new Tuple2<>(r._1(), r._2()[r._1()]))
                .collect()) {
            norm[d._1()] = Math.sqrt(d._2());
        }
        Broadcast<double[]> norms = jsc.broadcast(norm);
        HashMap<String, String> settings = new HashMap<>(config.toSettings());
        List<KnnRow> rows = cooccurrence.map(r -> {
            ItemKnnConfig c = ItemKnnConfig.from(Params.of(ItemKnn.NAME, settings, ItemKnnConfig.KEYS));
            int a = r._1();
            int[] counts = r._2();
            int[] items = new int[n];
            int[] common = new int[n];
            int m = 0;
            for (int b = 0; b < n; b++) {
                if (counts[b] > 0) {
                    items[m] = b;
                    common[m++] = counts[b];
                }
            }
            ItemKnn.Neighbours row = ItemKnn.neighbours(a, items, common, m, norms.value(), c);
            return new KnnRow(a, row.items(), row.similarities());
        }).collect();
        norms.destroy();
        ItemKnn.Neighbours[] all = new ItemKnn.Neighbours[n];
        Arrays.fill(all, new ItemKnn.Neighbours(new int[0], new float[0]));
        for (KnnRow row : rows) {
            all[row.item()] = new ItemKnn.Neighbours(row.neighbours(), row.similarities());
        }
        return ItemKnn.ofNeighbours(n, config, all);
    }

    private static Ease fitEase(JavaPairRDD<Integer, int[]> cooccurrence, int n, EaseConfig config) {
        if (n > EaseConfig.DOUBLE_MAX_ITEMS) {
            throw new IllegalArgumentException("ease: the Spark job solves the dense double form on the driver, "
                    + "which holds at most " + EaseConfig.DOUBLE_MAX_ITEMS + " items; this catalogue has " + n
                    + " (use --models itemknn)");
        }
        HeapCheck.require(String.format(Locale.ROOT, "ease (dense double, %,d items) on the driver", n),
                12L * n * n + 8 * SpdInverse.workspaceEntries(n), "give the driver more memory");
        double[] g = new double[n * n];
        Iterator<Tuple2<Integer, int[]>> rows = cooccurrence.toLocalIterator();
        while (rows.hasNext()) {
            Tuple2<Integer, int[]> r = rows.next();
            int a = r._1();
            int[] counts = r._2();
            // the lower triangle, as BinaryMatrix.gramLower writes it
            for (int b = 0; b <= a; b++) {
                g[a * n + b] = counts[b];
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += config.lambda();
        }
        SpdInverse.invert(g, n, Runtime.getRuntime().availableProcessors(), Progress.NONE, "ease: inverse (double)");
        return Ease.ofWeights(n, config.withForm(EaseConfig.Form.DOUBLE, config.neighbours()),
                Ease.weightsFromInverse(g, n));
    }

    // ---------------------------------------------------------------- recommendations and evaluation

    /**
     * A user's top-K with the exact contributions and, when the user has relevant test items, the per-user
     * metric values.
     */
    private record Ranked(int user, String id, int[] historyItems, double[] historyWeights, int[] items,
                          double[] scores, double[][] contributions, double[] metrics) implements Serializable {
    }

    private static JavaRDD<Ranked> rank(JavaRDD<UserEvents> users, Broadcast<CatalogSnapshot> catalog,
                                        Broadcast<ModelBytes> shipped, Broadcast<BitSet> candidateSet, int k) {
        return users.mapPartitions(it -> {
            CatalogSnapshot snap = catalog.value();
            Recommender model = shipped.value().model();
            BitSet candidates = candidateSet.value();
            List<Metric> metrics = Metrics.perUser();
            List<Ranked> out = new ArrayList<>();
            while (it.hasNext()) {
                UserEvents user = it.next();
                Dataset one = user.asDataset(snap.catalog(), snap.eventTypes());
                History history = new History(user.user(), ModelHistories.of(model, one, 0).events());
                BitSet seen = one.itemSetOf(0);
                List<ScoredItem> top = model.recommend(history, k, i -> !candidates.get(i) || seen.get(i));
                int[] items = new int[top.size()];
                double[] scores = new double[top.size()];
                for (int r = 0; r < items.length; r++) {
                    items[r] = top.get(r).item();
                    scores[r] = top.get(r).score();
                }
                double[][] contributions = ((AdditiveScorer) model).contributions(history, items);
                Set<Integer> relevant = new HashSet<>();
                for (int item : user.testItems()) {
                    if (candidates.get(item) && !seen.get(item)) {
                        relevant.add(item);
                    }
                }
                double[] values = null;
                if (!relevant.isEmpty()) {
                    values = new double[metrics.size()];
                    for (int m = 0; m < values.length; m++) {
                        values[m] = metrics.get(m).value(items, relevant, k);
                    }
                }
                int[] historyItems = new int[history.size()];
                double[] historyWeights = new double[history.size()];
                for (int t = 0; t < historyItems.length; t++) {
                    WeightedEvent e = history.event(t);
                    historyItems[t] = e.item();
                    historyWeights[t] = e.weight();
                }
                out.add(new Ranked(user.user(), user.id(), historyItems, historyWeights, items, scores,
                        contributions, values));
            }
            return out.iterator();
        });
    }

    private static void writeRecommendations(SparkSession spark, JavaRDD<Ranked> ranked,
                                             Broadcast<CatalogSnapshot> catalog, Path dir) {
        JavaRDD<Row> rows = ranked.flatMap(r -> {
            CatalogSnapshot snap = catalog.value();
            List<Row> out = new ArrayList<>(r.items().length);
            if (r.historyItems().length == 0) {
                return out.iterator();
            }
            for (int p = 0; p < r.items().length; p++) {
                Row[] events = new Row[r.historyItems().length];
                for (int t = 0; t < events.length; t++) {
                    events[t] = RowFactory.create(t, snap.itemId(r.historyItems()[t]), r.historyWeights()[t],
                            r.contributions()[p][t]);
                }
                out.add(RowFactory.create(r.id(), r.user(), p + 1, snap.itemId(r.items()[p]), r.items()[p],
                        r.scores()[p], events));
            }
            return out.iterator();
        });
        spark.createDataFrame(rows, RECOMMENDATION_SCHEMA).write().mode(SaveMode.Overwrite).parquet(dir.toString());
    }

    /**
     * The evaluation of the ranked users as whyrec-eval's given-split protocol reports it: the evaluated users in
     * ascending index order, their per-user metrics, and the list metrics over their rankings.
     */
    private static RankingResult evaluation(JavaRDD<Ranked> ranked, JobData data, int k) {
        List<Tuple2<Integer, Tuple2<int[], double[]>>> evaluated = ranked.filter(r -> r.metrics() != null)
                .mapToPair(r -> new Tuple2<>(r.user(), new Tuple2<>(r.items(), r.metrics()))).sortByKey().collect();
        List<Metric> metrics = Metrics.perUser();
        int[] users = new int[evaluated.size()];
        int[][] rankings = new int[users.length][];
        double[][] values = new double[metrics.size()][users.length];
        for (int p = 0; p < users.length; p++) {
            users[p] = evaluated.get(p)._1();
            rankings[p] = evaluated.get(p)._2()._1();
            for (int m = 0; m < metrics.size(); m++) {
                values[m][p] = evaluated.get(p)._2()._2()[m];
            }
        }
        Map<String, double[]> perUser = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            perUser.put(metrics.get(m).name(k), values[m]);
        }
        CatalogueStats stats = new CatalogueStats(Math.max(1, data.candidates().cardinality()), data.itemUsers(),
                data.activeUsers());
        Map<String, Double> listValues = new LinkedHashMap<>();
        for (ListMetric metric : Metrics.lists()) {
            listValues.put(metric.name(k), users.length == 0 ? Double.NaN
                    : metric.value(Arrays.asList(rankings), stats, k));
        }
        return new RankingResult(k, users, perUser, listValues, rankings);
    }

    /** Seed of the bootstrap, {@code whyrec evaluate}'s default, so the job's intervals are the evaluation's. */
    static final long BOOTSTRAP_SEED = 42L;

    private static Map<String, Object> json(Map<String, Interval> intervals) {
        Map<String, Object> out = new LinkedHashMap<>();
        intervals.forEach((metric, ci) -> out.put(metric, List.of(ci.lo(), ci.hi())));
        return out;
    }

    private static void writeMetrics(Path file, Map<String, ModelRun> runs, Map<String, Double> stages)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> models = new LinkedHashMap<>();
        String baseline = runs.keySet().iterator().next();
        RankingResult base = runs.get(baseline).ranking();
        for (Map.Entry<String, ModelRun> e : runs.entrySet()) {
            ModelRun run = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("params", e.getValue().model().params());
            m.put("file", e.getValue().file().getFileName().toString());
            RankingResult r = e.getValue().ranking();
            if (r != null) {
                m.put("users", r.numUsers());
                m.put("metrics", r.summary());
                m.put("intervals95", json(run.intervals()));
                if (run.versusFirst() != null) {
                    m.put("versus", baseline);
                    Map<String, Object> diff = new LinkedHashMap<>();
                    run.versusFirst().forEach((metric, ci) -> diff.put(metric,
                            Map.of("difference", r.mean(metric) - base.mean(metric),
                                    "interval95", List.of(ci.lo(), ci.hi()))));
                    m.put("pairedDifference", diff);
                }
            }
            models.put(e.getKey(), m);
        }
        json.put("models", models);
        json.put("bootstrap", Map.of("resamples", Bootstrap.DEFAULT_RESAMPLES, "seed", BOOTSTRAP_SEED,
                "baseline", baseline));
        json.put("stageSeconds", stages);
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- command line

    /** Runs the job from the command line (spark-submit or {@code bin/whyrec spark}); see the class comment. */
    public static void main(String[] args) throws Exception {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("whyrec spark: " + e.getMessage());
            code = 2;
        } catch (io.whyrec.core.data.DataFormatException | io.whyrec.core.model.ModelTooLargeException e) {
            // bad input data or a model that does not fit: one line naming where and what, as the CLI does
            System.err.println("whyrec spark: error: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /**
     * The command line without exiting: 0 on success, 2 for a usage error without a flag value or with an
     * unknown flag (the message on {@code err}).
     *
     * @throws IllegalArgumentException naming the flag when a value is bad or a file is missing
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Map<String, String> a = parse(args);
        if (a.containsKey("help")) {
            out.println(USAGE);
            return 0;
        }
        if (!a.containsKey("train") || !a.containsKey("out")) {
            err.println("whyrec spark: give --train FILE and --out DIR\n" + USAGE);
            return 2;
        }
        Path trainFile = existing(a.get("train"), "--train");
        Path testFile = a.containsKey("test") ? existing(a.get("test"), "--test") : null;
        Path itemsFile = a.containsKey("items") ? existing(a.get("items"), "--items") : null;
        Options options = options(a);
        SparkInput.Options input = inputOptions(a);
        if (input != null && a.containsKey("format")) {
            throw new IllegalArgumentException("--format is the driver's importer's; with --input-format Spark reads "
                    + "the file (give one of the two)");
        }
        Dataset imported = null;
        Dataset importedTest = null;
        if (input == null) {
            // the simplest path: the driver imports, before Spark starts, so a bad row costs no cluster time
            ImportResult r = Importer.importData(request(ImportFormat.parse(a.getOrDefault("format", "auto")),
                    trainFile, testFile, itemsFile));
            String summary = r.report().summary().strip();
            if (!summary.isEmpty()) {
                err.println(summary);
            }
            imported = r.split() != null ? r.split().train() : r.dataset();
            importedTest = r.split() != null ? r.split().test() : null;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("whyrec")
                .config("spark.sql.shuffle.partitions", String.valueOf(options.partitions()));
        String master = a.get("master");
        if (master != null) {
            builder.master(master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]");
        }
        long t0 = System.nanoTime();
        Result result;
        JobData data;
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel(a.getOrDefault("log-level", "WARN"));
        try {
            long t1 = System.nanoTime();
            if (input != null) {
                // the events never pass through the driver: Spark reads, checks and groups them by user
                data = SparkHistories.build(spark, input, trainFile, testFile, itemsFile, options.partitions(), err);
                result = run(spark, data, Path.of(a.get("out")), options, "read + group users", seconds(t1));
            } else {
                data = JobData.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), imported, importedTest,
                        options.partitions());
                result = run(spark, data, Path.of(a.get("out")), options, "distribute users", seconds(t1));
            }
        } finally {
            spark.stop();
        }
        out.printf(Locale.ROOT, "whyrec spark: %d users, %d items, %d training events on %s in %.1f s -> %s%n",
                data.activeUsers(), data.numItems(), data.numEvents(),
                master != null ? master : System.getProperty("spark.master", "local[*]"), seconds(t0), result.out());
        for (Map.Entry<String, Double> s : result.stageSeconds().entrySet()) {
            out.printf(Locale.ROOT, "  %-28s %8.2f s%n", s.getKey(), s.getValue());
        }
        String baseName = result.models().keySet().iterator().next();
        RankingResult base = result.models().get(baseName).ranking();
        for (Map.Entry<String, ModelRun> m : result.models().entrySet()) {
            RankingResult r = m.getValue().ranking();
            String line = "";
            if (r != null) {
                String ndcg = "NDCG@" + r.k();
                Interval ci = m.getValue().intervals().get(ndcg);
                line = String.format(Locale.ROOT, "  %d users  Recall@%d %.4f  %s %.4f [%.4f, %.4f]", r.numUsers(),
                        r.k(), r.mean("Recall@" + r.k()), ndcg, r.mean(ndcg), ci.lo(), ci.hi());
                if (m.getValue().versusFirst() != null) {
                    Interval d = m.getValue().versusFirst().get(ndcg);
                    line += String.format(Locale.ROOT, "  - %s %+.4f [%+.4f, %+.4f]", baseName,
                            r.mean(ndcg) - base.mean(ndcg), d.lo(), d.hi());
                }
            }
            out.printf(Locale.ROOT, "  %-8s %s%s%n", m.getKey(), m.getValue().file(), line);
        }
        return 0;
    }

    private static ImportRequest request(ImportFormat format, Path train, Path test, Path items) {
        ImportRequest request = ImportRequest.of(format, train);
        if (test != null) {
            request = request.withTest(test);
        }
        if (items != null) {
            request = request.withItems(items);
        }
        return request;
    }

    private static SparkInput.Options inputOptions(Map<String, String> a) {
        if (!a.containsKey("input-format")) {
            if (a.containsKey("columns") || a.containsKey("kcore")) {
                throw new IllegalArgumentException("--columns and --kcore need --input-format csv|parquet");
            }
            return null;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        if (a.containsKey("columns")) {
            for (String kv : a.get("columns").split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0 || eq == kv.length() - 1) {
                    throw new IllegalArgumentException("--columns: expected NAME=COLUMN, got '" + kv + "'");
                }
                columns.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
        }
        int userK = 1;
        int itemK = 1;
        if (a.containsKey("kcore")) {
            String[] k = a.get("kcore").split(",");
            try {
                userK = Integer.parseInt(k[0].strip());
                itemK = k.length > 1 ? Integer.parseInt(k[1].strip()) : userK;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--kcore: expected USERS[,ITEMS], got '" + a.get("kcore") + "'");
            }
        }
        return new SparkInput.Options(SparkInput.Format.parse(a.get("input-format")), columns, userK, itemK);
    }

    private static final String USAGE = """
            Usage: SparkPipeline --train FILE [--test FILE] [--items FILE] [--format NAME] [--master URL] --out DIR
                                 [--models itemknn,ease,ials,blend] [--k 10] [--partitions 4] [--param MODEL.KEY=VALUE,...]
              --train FILE      training events (any format whyrec import reads, e.g. ML-100K ua.base)
              --test FILE       test events for the full-ranking evaluation (e.g. ua.test)
              --items FILE      item file with the facets (e.g. ML-100K u.item)
              --format NAME     ml100k, ml1m, mllatest, user-items, generic or auto (default auto), imported on the driver
              --input-format F  csv or parquet: Spark reads, validates and dedupes the events on the cluster instead
              --columns LIST    with --input-format: the file's columns, e.g. user=uid,item=sku,timestamp=t,value=r
              --kcore U[,I]     with --input-format: keep users with >= U events and items with >= I (default I = U)
              --master URL      Spark master (default: spark-submit's, else local[*])
              --out DIR         output: profiles/, recommendations/MODEL/ (Parquet), models/MODEL.model, metrics.json
              --models LIST     models to fit: itemknn, ease, ials (trained by MLlib's ALS), blend (EASE and that
                                iALS, weight blend.blend on iALS, default 0.3) (default itemknn,ease)
              --k N             recommendations per user and metric cut-off (default 10)
              --partitions N    partitions of the user records and co-occurrence rows (default 4)
              --param LIST      model settings, e.g. ease.lambda=400,itemknn.k=50,ials.factors=64
              --log-level L     Spark's log level (default WARN)""";

    private static final Set<String> FLAGS = Set.of("train", "test", "items", "format", "master", "out", "models",
            "k", "partitions", "param", "log-level", "input-format", "columns", "kcore");

    private static Map<String, String> parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                a.put("help", "");
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (flags start with --)");
            }
            String key = arg.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (!FLAGS.contains(key)) {
                throw new IllegalArgumentException("unknown option '--" + key + "' (known: --"
                        + String.join(", --", new java.util.TreeSet<>(FLAGS)) + ")");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            a.put(key, value);
        }
        return a;
    }

    private static Options options(Map<String, String> a) {
        Options d = Options.defaults();
        int k = integer(a, "k", d.k());
        int partitions = integer(a, "partitions", d.partitions());
        List<String> models = a.containsKey("models") ? List.of(a.get("models").split(",")) : d.models();
        Map<String, String> knn = new LinkedHashMap<>();
        Map<String, String> ease = new LinkedHashMap<>();
        Map<String, String> ials = new LinkedHashMap<>();
        double blend = d.blend();
        if (a.containsKey("param")) {
            for (String kv : a.get("param").split(",")) {
                int eq = kv.indexOf('=');
                int dot = kv.indexOf('.');
                if (eq < 0 || dot < 0 || dot > eq) {
                    throw new IllegalArgumentException("--param: expected MODEL.KEY=VALUE, got '" + kv + "'");
                }
                String model = kv.substring(0, dot);
                String key = kv.substring(dot + 1, eq);
                String value = kv.substring(eq + 1);
                switch (model) {
                    case ItemKnn.NAME -> knn.put(key, value);
                    case Ease.NAME -> ease.put(key, value);
                    case Ials.NAME -> ials.put(key, value);
                    case EaseIalsBlend.NAME -> blend = blendWeight(key, value);
                    default -> throw new IllegalArgumentException("--param: unknown model '" + model + "' in '" + kv
                            + "' (known: " + String.join(", ", MODELS) + ")");
                }
            }
        }
        return new Options(k, models, d.weighting(),
                ItemKnnConfig.from(Params.of(ItemKnn.NAME, knn, ItemKnnConfig.KEYS)),
                EaseConfig.from(Params.of(Ease.NAME, ease, EaseConfig.KEYS)),
                IalsConfig.from(Params.of(Ials.NAME, ials, IalsConfig.KEYS)), blend, partitions);
    }

    /**
     * The blend's one key of its own, {@code blend.blend}; its parts are configured as {@code ease.*} and
     * {@code ials.*}, which the job fits once for every model that uses them.
     */
    private static double blendWeight(String key, String value) {
        if (!key.equals("blend")) {
            throw new IllegalArgumentException("--param: unknown key 'blend." + key + "' (the blend takes blend.blend;"
                    + " its parts take ease.* and ials.*)");
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--param blend.blend: expected a number in [0, 1], got '" + value + "'");
        }
    }

    private static int integer(Map<String, String> a, String key, int fallback) {
        String v = a.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": expected an integer, got '" + v + "'");
        }
    }

    private static Path existing(String file, String flag) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(flag + ": no such file " + p.toAbsolutePath());
        }
        return p;
    }
}
