package io.whyrec.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.data.DataFormatException;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.ImportResult;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Preprocess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's input read by Spark on {@code local[2]} ({@link SparkInput}) and grouped into the users' records on
 * the cluster ({@link SparkHistories}): a seeded event log with planted exact duplicates and sparse users and
 * items, as CSV and as Parquet, read, deduplicated and 3-cored on the cluster, gives record for record, index for
 * index, what the driver's path ({@link JobData#of}) gives for whyrec-core's import of the rows it keeps, and
 * those are event for event the single-machine import followed by {@link Preprocess#dedupe},
 * {@link Preprocess#kCore} and {@link Preprocess#compact}; a test part is joined the importer's way; bad rows
 * are named by file, line and column.
 */
class SparkInputTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.builder("local[2]").getOrCreate();
    }

    @AfterAll
    static void stop() {
        TestSpark.stop(spark);
    }

    /** 400 events of 40 users over 60 items (seeded), every 9th repeated exactly, two users and items rare. */
    private static List<String[]> log() {
        SplittableRandom random = new SplittableRandom(20261204L);
        List<String[]> rows = new ArrayList<>();
        for (int e = 0; e < 400; e++) {
            String user = "u" + random.nextInt(40);
            String item = "m" + (int) Math.floor(60 * Math.pow(random.nextDouble(), 2)); // popular low ids
            String[] row = {user, item, Integer.toString(1 + random.nextInt(5)), Long.toString(1_700_000_000L + e)};
            rows.add(row);
            if (e % 9 == 0) {
                rows.add(row.clone());
            }
        }
        rows.add(new String[]{"rare-user", "m1", "5", "1700009999"});
        rows.add(new String[]{"u1", "rare-item", "4", "1700009998"});
        return rows;
    }

    private static Path csv(Path dir, String name, List<String[]> rows) {
        Path f = dir.resolve(name);
        StringBuilder sb = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (String[] r : rows) {
            sb.append(String.join(",", r)).append('\n');
        }
        try {
            Files.writeString(f, sb, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f;
    }

    private static JobData onCluster(SparkInput.Format format, Path file, Path test) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        JobData data = SparkHistories.build(spark, new SparkInput.Options(format, Map.of(), 3, 3), file, test, null,
                4, new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("duplicates dropped") && said.contains("removed by the k-core"), said);
        return data;
    }

    /**
     * The rows the cluster should keep, in row order: the first of each exact repeat whose user and item the
     * single-machine k-core kept.
     */
    private static List<String[]> keptRows(List<String[]> rows, Dataset core) {
        Set<String> seen = new HashSet<>();
        List<String[]> kept = new ArrayList<>();
        for (String[] r : rows) {
            if (seen.add(String.join("\u0000", r[0], r[1], r[3])) && core.users().find(r[0]).isPresent()
                    && core.items().find(r[1]).isPresent()) {
                kept.add(r);
            }
        }
        return kept;
    }

    @Test
    void csvAndParquetOnTheClusterGiveTheDriversRecordsOfTheSingleMachineDataset(@TempDir Path dir)
            throws Exception {
        List<String[]> rows = log();
        Path csv = csv(dir, "events.csv", rows);
        Dataset local = Preprocess.compact(Preprocess.kCore(Preprocess.dedupe(
                Importer.importData(ImportRequest.of(ImportFormat.GENERIC, csv)).dataset()), 3, 3));
        assertTrue(local.numEvents() > 300 && local.numEvents() < rows.size() - 44, local.numEvents() + " events");
        // the driver's path on the kept rows: the same events as the single-machine preprocessing, and the indices
        // the importer gives them in row order
        Dataset kept = Importer.importData(ImportRequest.of(ImportFormat.GENERIC,
                csv(dir, "kept.csv", keptRows(rows, local)))).dataset();
        assertSameEvents(local, kept);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JobData expected = JobData.of(jsc, kept, null, 4);

        assertSameRecords(expected, onCluster(SparkInput.Format.CSV, csv, null), "csv");

        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("user_id", DataTypes.StringType, false),
                DataTypes.createStructField("item_id", DataTypes.StringType, false),
                DataTypes.createStructField("rating", DataTypes.IntegerType, false),
                DataTypes.createStructField("ts", DataTypes.LongType, false)));
        List<Row> typed = new ArrayList<>();
        for (String[] r : rows) {
            typed.add(RowFactory.create(r[0], r[1], Integer.parseInt(r[2]), Long.parseLong(r[3])));
        }
        Path parquet = dir.resolve("events.parquet");
        spark.createDataFrame(typed, schema).coalesce(1).write().parquet(parquet.toString());
        assertSameRecords(expected, onCluster(SparkInput.Format.PARQUET, parquet, null), "parquet");
    }

    @Test
    void aTestPartIsDedupedJoinedToTheTrainingUsersAndLosesItemsWithoutTrainingEvents(@TempDir Path dir) {
        List<String[]> rows = log();
        Path csv = csv(dir, "events.csv", rows);
        Dataset local = Preprocess.compact(Preprocess.kCore(Preprocess.dedupe(
                Importer.importData(ImportRequest.of(ImportFormat.GENERIC, csv)).dataset()), 3, 3));
        SplittableRandom random = new SplittableRandom(7);
        List<String[]> test = new ArrayList<>();
        for (int e = 0; e < 60; e++) {
            String user = local.users().id(random.nextInt(local.numUsers()));
            String item = e % 7 == 0 ? "new-" + e % 3 : local.items().id(random.nextInt(local.numItems()));
            String[] row = {user, item, "4", Long.toString(1_800_000_000L + random.nextInt(30))};
            test.add(row);
            if (e % 5 == 0) {
                test.add(row.clone());
            }
        }
        Path testCsv = csv(dir, "test.csv", test);
        List<String[]> testKept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String[] r : test) {
            if (seen.add(String.join("\u0000", r[0], r[1], r[3]))) {
                testKept.add(r);
            }
        }
        ImportResult imported = Importer.importData(ImportRequest.of(ImportFormat.GENERIC,
                csv(dir, "kept.csv", keptRows(rows, local))).withTest(csv(dir, "test-kept.csv", testKept)));
        assertTrue(imported.report().droppedTestRows() > 0, "some test items have no training event");
        JobData expected = JobData.of(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                imported.split().train(), imported.split().test(), 4);
        JobData actual = onCluster(SparkInput.Format.CSV, csv, testCsv);
        assertTrue(actual.hasTest());
        assertSameRecords(expected, actual, "csv with a test part");

        List<String[]> ghost = new ArrayList<>(test.subList(0, 4));
        ghost.add(new String[]{"ghost", "m1", "4", "1800000000"});
        Path ghostCsv = csv(dir, "ghost.csv", ghost);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> onCluster(SparkInput.Format.CSV, csv, ghostCsv));
        assertTrue(e.getMessage().contains("ghost.csv:" + (ghost.size() + 1)) && e.getMessage().contains("ghost")
                && e.getMessage().contains("unknown user"), e.getMessage());
    }

    @Test
    void theWholeJobOnClusterBuiltRecordsEqualsTheJobOnTheDriversImport(@TempDir Path dir) throws Exception {
        // flags (value 1): the interest profile reads an interaction's value as its heat, in [0, 1]
        List<String[]> rows = new ArrayList<>();
        for (String[] r : log()) {
            rows.add(new String[]{r[0], r[1], "1", r[3]});
        }
        Path csv = csv(dir, "events.csv", rows);
        Dataset local = Preprocess.compact(Preprocess.kCore(Preprocess.dedupe(
                Importer.importData(ImportRequest.of(ImportFormat.GENERIC, csv)).dataset()), 3, 3));
        Dataset kept = Importer.importData(ImportRequest.of(ImportFormat.GENERIC,
                csv(dir, "kept.csv", keptRows(rows, local)))).dataset();
        SparkPipeline.Options options = new SparkPipeline.Options(5, List.of("itemknn", "ease", "ials"),
                io.whyrec.core.profile.EventWeighting.DEFAULT, io.whyrec.core.model.ItemKnnConfig.defaults(),
                io.whyrec.core.model.EaseConfig.defaults(), io.whyrec.core.model.IalsConfig.defaults(), 0.3, 3);
        SparkPipeline.Result driver = SparkPipeline.run(spark, kept, null, dir.resolve("driver"), options);
        SparkPipeline.Result cluster = SparkPipeline.run(spark, onCluster(SparkInput.Format.CSV, csv, null),
                dir.resolve("cluster"), options, "read + group users", 0);
        // the models are fitted from the same records and counts: their files are byte for byte the same (iALS is
        // trained by MLlib, whose factors depend on how its input is partitioned, so its file is not compared)
        for (String model : List.of("itemknn", "ease")) {
            assertArrayEquals(Files.readAllBytes(driver.models().get(model).file()),
                    Files.readAllBytes(cluster.models().get(model).file()), model + " model file");
        }
        for (String model : List.of("itemknn", "ease", "ials")) {
            List<Row> a = spark.read().parquet(dir.resolve("driver/recommendations/" + model).toString())
                    .orderBy("user", "rank").collectAsList();
            List<Row> b = spark.read().parquet(dir.resolve("cluster/recommendations/" + model).toString())
                    .orderBy("user", "rank").collectAsList();
            assertEquals(kept.activeUsers().length * 5, a.size(), model + " rows");
            if (!model.equals("ials")) {
                assertEquals(a, b, model + " recommendations and contributions");
            } else {
                assertEquals(a.size(), b.size(), "ials rows");
            }
        }
        List<Row> pa = spark.read().parquet(dir.resolve("driver/profiles").toString())
                .orderBy("user", "facet").collectAsList();
        List<Row> pb = spark.read().parquet(dir.resolve("cluster/profiles").toString())
                .orderBy("user", "facet").collectAsList();
        assertEquals(pa, pb, "profiles");
    }

    /** The same users (by id) with the same events in the same order, item and type names compared. */
    private static void assertSameEvents(Dataset expected, Dataset actual) {
        assertEquals(expected.numUsers(), actual.numUsers(), "users");
        assertEquals(expected.numItems(), actual.numItems(), "items");
        assertEquals(expected.numEvents(), actual.numEvents(), "events");
        for (int u = 0; u < expected.numUsers(); u++) {
            String id = expected.users().id(u);
            int v = actual.users().require(id, "user");
            assertEquals(expected.userSize(u), actual.userSize(v), "events of " + id);
            for (int k = 0; k < expected.userSize(u); k++) {
                int e = expected.userStart(u) + k;
                int a = actual.userStart(v) + k;
                assertEquals(expected.items().id(expected.item(e)), actual.items().id(actual.item(a)));
                assertEquals(expected.timestamp(e), actual.timestamp(a));
                assertEquals(expected.value(e), actual.value(a));
                assertEquals(expected.eventTypes().get(expected.eventType(e)),
                        actual.eventTypes().get(actual.eventType(a)));
            }
        }
    }

    /** The same catalogue order, facts and records, index for index. */
    private static void assertSameRecords(JobData expected, JobData actual, String what) {
        assertEquals(expected.snapshot().itemIds(), actual.snapshot().itemIds(), what + ": item order");
        assertEquals(expected.snapshot().eventTypes(), actual.snapshot().eventTypes(), what + ": event types");
        assertEquals(expected.fingerprint(), actual.fingerprint(), what + ": fingerprint");
        assertEquals(expected.candidates(), actual.candidates(), what + ": candidates");
        assertArrayEquals(expected.itemUsers(), actual.itemUsers(), what + ": users per item");
        assertEquals(expected.activeUsers(), actual.activeUsers(), what + ": users");
        assertEquals(expected.numEvents(), actual.numEvents(), what + ": events");
        Map<Integer, UserEvents> want = new HashMap<>();
        for (UserEvents r : expected.users().collect()) {
            want.put(r.user(), r);
        }
        List<UserEvents> got = actual.users().collect();
        assertEquals(want.size(), got.size(), what + ": records");
        for (UserEvents r : got) {
            UserEvents w = want.get(r.user());
            assertTrue(w != null && w.id().equals(r.id()), what + ": user " + r.user() + " " + r.id());
            assertArrayEquals(w.items(), r.items(), what + ": items of " + r.id());
            assertArrayEquals(w.times(), r.times(), what + ": times of " + r.id());
            assertArrayEquals(w.values(), r.values(), what + ": values of " + r.id());
            assertArrayEquals(w.types(), r.types(), what + ": types of " + r.id());
            assertArrayEquals(w.testItems(), r.testItems(), what + ": test items of " + r.id());
        }
        expected.release();
        actual.release();
    }

    @Test
    void aBadRowIsNamedByFileLineAndColumn(@TempDir Path dir) throws Exception {
        List<String[]> rows = log().subList(0, 5);
        rows = new ArrayList<>(rows);
        rows.add(2, new String[]{"u\u00071", "m2", "4", "1700000100"});
        Path bad = csv(dir, "events.csv", rows);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> onCluster(SparkInput.Format.CSV, bad, null));
        assertTrue(e.getMessage().contains("events.csv:4") && e.getMessage().contains("userId")
                && e.getMessage().contains("U+0007"), e.getMessage());
        rows.set(2, new String[]{"u1", "m2", "four", "1700000100"});
        Path word = csv(dir, "events.csv", rows);
        e = assertThrows(DataFormatException.class, () -> onCluster(SparkInput.Format.CSV, word, null));
        assertTrue(e.getMessage().contains("events.csv:4") && e.getMessage().contains("rating")
                && e.getMessage().contains("not a number"), e.getMessage());
        // the importer's value rule: a value that is not a rating is never negative
        rows.set(2, new String[]{"u1", "m2", "-1", "1700000100"});
        Path negative = csv(dir, "events.csv", rows);
        e = assertThrows(DataFormatException.class, () -> onCluster(SparkInput.Format.CSV, negative, null));
        assertTrue(e.getMessage().contains("events.csv:4") && e.getMessage().contains("rating")
                && e.getMessage().contains("negative"), e.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> new SparkInput.Options(SparkInput.Format.CSV, Map.of(), 0, 2));
        assertTrue(k.getMessage().contains("--kcore"), k.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class,
                () -> SparkInput.resolve(new String[]{"a", "b"}, Map.of(), bad));
        assertTrue(missing.getMessage().contains("no user column"), missing.getMessage());
    }
}
