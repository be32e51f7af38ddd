package io.whyrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.ItemKnn;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance line on ML-100K ua on {@code local[2]}: profiles, ItemKNN/EASE top-10 with exact contributions and
 * the metrics equal the single-machine path to 1e-9. Reports the job's stage times beside the single-machine fit
 * and evaluation measured in the same run (docs/spark.md). Also runs the command line once, as bin/whyrec spark
 * does.
 */
class SparkMl100kIT {

    @Test
    void ml100kOnLocal2AgreesWithTheSingleMachinePath(@TempDir Path out) throws Exception {
        Split split = Ml100k.uaSplit();
        SparkPipeline.Options options = SparkPipeline.Options.defaults();
        SparkSession spark = TestSpark.builder("local[2]").getOrCreate();
        try {
            long t0 = System.nanoTime();
            SparkPipeline.Result result = SparkPipeline.run(spark, split.train(), split.test(), out, options);
            double sparkSeconds = (System.nanoTime() - t0) / 1e9;
            Agreement.Counts counts = Agreement.check(spark, split.train(), split.test(), options, result);
            t0 = System.nanoTime();
            BinaryMatrix x = BinaryMatrix.of(split.train());
            GivenSplitProtocol protocol = new GivenSplitProtocol(split, options.k());
            protocol.evaluate(ItemKnn.fit(x, options.itemKnn(), Progress.NONE), Progress.NONE);
            protocol.evaluate(Ease.fit(x, options.ease(), Progress.NONE), Progress.NONE);
            double singleSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "ML-100K ua local[2]: Spark job %.1f s %s; single-machine fit + evaluate "
                    + "of both models %.1f s (same JVM)%n", sparkSeconds, result.stageSeconds(), singleSeconds);
            System.out.println("ML-100K ua local[2]: " + counts.line());
            assertEquals(943, counts.profileUsers());
            assertEquals(943, counts.rankedUsers());
        } finally {
            TestSpark.stop(spark);
        }
    }

    @Test
    void theCommandLineWritesTablesModelsAndMetrics(@TempDir Path out) throws Exception {
        Path dir = Ml100k.dir();
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code;
        try {
            code = SparkPipeline.run(new String[]{"--format", "ml100k", "--train", dir.resolve("ua.base").toString(),
                "--test", dir.resolve("ua.test").toString(), "--items", dir.resolve("u.item").toString(),
                "--master", "local[2]", "--models", "itemknn", "--param", "itemknn.k=50", "--out", out.toString()},
                    new PrintStream(stdout, true, StandardCharsets.UTF_8), System.err);
        } finally {
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
        String text = stdout.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(0, code, text);
        assertTrue(text.contains("NDCG@10"), text);
        assertTrue(Files.isRegularFile(out.resolve("models/itemknn.model")));
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"k\" : 50"), "itemknn.k=50 in the params");
        assertTrue(Files.isDirectory(out.resolve("recommendations/itemknn")));
        assertTrue(Files.isDirectory(out.resolve("profiles")));
    }
}
