package io.whyrec.spark;

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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The job's input read by Spark on {@code local[2]} ({@link SparkInput}): a seeded event log with planted exact
 * duplicates and sparse users and items, as CSV and as Parquet, read, deduplicated and 3-cored on the cluster and
 * imported on the driver, gives event for event the dataset of whyrec-core's single-machine import followed by
 * {@link Preprocess#dedupe}, {@link Preprocess#kCore} and {@link Preprocess#compact}; bad rows are named by file,
 * line and column.
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

    private static Path csv(Path dir, List<String[]> rows) throws Exception {
        Path f = dir.resolve("events.csv");
        StringBuilder sb = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (String[] r : rows) {
            sb.append(String.join(",", r)).append('\n');
        }
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        return f;
    }

    private static Dataset onCluster(SparkInput.Format format, Path file, Path dir) throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("scratch-" + format));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImportResult r = SparkPipeline.readOnCluster(spark, new SparkInput.Options(format, Map.of(), 3, 3), file,
                null, null, scratch, new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("duplicates dropped") && said.contains("removed by the k-core"), said);
        return r.dataset();
    }

    @Test
    void csvAndParquetOnTheClusterGiveTheSingleMachineDatasetEventForEvent(@TempDir Path dir) throws Exception {
        List<String[]> rows = log();
        Path csv = csv(dir, rows);
        Dataset local = Preprocess.compact(Preprocess.kCore(Preprocess.dedupe(
                Importer.importData(ImportRequest.of(ImportFormat.GENERIC, csv)).dataset()), 3, 3));
        assertTrue(local.numEvents() > 300 && local.numEvents() < rows.size() - 44, local.numEvents() + " events");

        Dataset fromCsv = onCluster(SparkInput.Format.CSV, csv, dir);
        assertSame(local, fromCsv, "csv");

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
        assertSame(local, onCluster(SparkInput.Format.PARQUET, parquet, dir), "parquet");
    }

    private static void assertSame(Dataset expected, Dataset actual, String what) {
        assertEquals(expected.numUsers(), actual.numUsers(), what + ": users");
        assertEquals(expected.numItems(), actual.numItems(), what + ": items");
        assertEquals(expected.numEvents(), actual.numEvents(), what + ": events");
        for (int u = 0; u < expected.numUsers(); u++) {
            String id = expected.users().id(u);
            int v = actual.users().require(id, "user");
            assertEquals(expected.userSize(u), actual.userSize(v), what + ": events of " + id);
            for (int k = 0; k < expected.userSize(u); k++) {
                int e = expected.userStart(u) + k;
                int a = actual.userStart(v) + k;
                assertEquals(expected.items().id(expected.item(e)), actual.items().id(actual.item(a)), what);
                assertEquals(expected.timestamp(e), actual.timestamp(a), what);
                assertEquals(expected.value(e), actual.value(a), what);
                assertEquals(expected.eventTypes().get(expected.eventType(e)),
                        actual.eventTypes().get(actual.eventType(a)), what);
            }
        }
    }

    @Test
    void aBadRowIsNamedByFileLineAndColumn(@TempDir Path dir) throws Exception {
        List<String[]> rows = log().subList(0, 5);
        rows = new ArrayList<>(rows);
        rows.add(2, new String[]{"u\u00071", "m2", "4", "1700000100"});
        Path bad = csv(dir, rows);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> onCluster(SparkInput.Format.CSV, bad, dir));
        assertTrue(e.getMessage().contains("events.csv:4") && e.getMessage().contains("userId")
                && e.getMessage().contains("U+0007"), e.getMessage());
        rows.set(2, new String[]{"u1", "m2", "four", "1700000100"});
        Path word = csv(dir, rows);
        e = assertThrows(DataFormatException.class, () -> onCluster(SparkInput.Format.CSV, word, dir));
        assertTrue(e.getMessage().contains("events.csv:4") && e.getMessage().contains("rating")
                && e.getMessage().contains("not a number"), e.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> new SparkInput.Options(SparkInput.Format.CSV, Map.of(), 0, 2));
        assertTrue(k.getMessage().contains("--kcore"), k.getMessage());
        DataFormatException missing = assertThrows(DataFormatException.class,
                () -> SparkInput.resolve(new String[]{"a", "b"}, Map.of(), bad));
        assertTrue(missing.getMessage().contains("no user column"), missing.getMessage());
    }
}
