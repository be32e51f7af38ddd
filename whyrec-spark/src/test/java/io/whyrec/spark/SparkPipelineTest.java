package io.whyrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on {@code local[2]} over a seeded synthetic dataset (core/synth, planted facets): profiles, ItemKNN
 * and EASE top-10 with their contributions, the model files and the metrics agree with the single-machine path
 * to 1e-9 ({@link Agreement}). Runs without the shared data.
 */
class SparkPipelineTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.builder("local[2]").getOrCreate();
    }

    @AfterAll
    static void stop() {
        TestSpark.stop(spark);
    }

    @Test
    void syntheticDataAgreesWithTheSingleMachinePath(@TempDir Path out) throws Exception {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(150, 200), 20261203L);
        Split split = Splits.randomRatio(data.dataset(), 0.8, 7L);
        SparkPipeline.Options options = SparkPipeline.Options.defaults();
        SparkPipeline.Result result = SparkPipeline.run(spark, split.train(), split.test(), out, options);
        Agreement.Counts counts = Agreement.check(spark, split.train(), split.test(), options, result);
        System.out.println("synthetic local[2]: " + counts.line());
        assertTrue(counts.profileUsers() > 100, counts.line());
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("NDCG@10"));
    }

    /**
     * iALS trained by MLlib's ALS on the cluster: the executors' top-K, contributions and metrics are those of the
     * driver's model scored in one process, the contributions sum to the scores, the model file ranks alike, and
     * the job's ALS factors beat popularity on the held-out part.
     */
    @Test
    void ialsTrainedByMllibIsExplainedAndEvaluatedLikeTheOtherModels(@TempDir Path out) throws Exception {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(150, 200), 20261203L);
        Split split = Splits.randomRatio(data.dataset(), 0.8, 7L);
        SparkPipeline.Options d = SparkPipeline.Options.defaults();
        SparkPipeline.Options options = new SparkPipeline.Options(10, List.of("ials"), d.weighting(), d.itemKnn(),
                d.ease(), new io.whyrec.core.model.IalsConfig(16, 10, 5, 10, 42L, null), d.blend(), 3);
        SparkPipeline.Result result = SparkPipeline.run(spark, split.train(), split.test(), out, options);
        Agreement.Counts counts = Agreement.check(spark, split.train(), split.test(), options, result);
        System.out.println("synthetic local[2], ials by MLlib: " + counts.line());
        assertTrue(counts.contributionValues() > 1000, counts.line());
        double ials = result.models().get("ials").ranking().mean("NDCG@10");
        double pop = new io.whyrec.eval.protocol.GivenSplitProtocol(split, 10).evaluate(io.whyrec.core.model.Popularity.fit(
                io.whyrec.core.model.BinaryMatrix.of(split.train())), io.whyrec.api.Progress.NONE).mean("NDCG@10");
        assertTrue(ials > pop, "ials NDCG@10 " + ials + " vs popularity " + pop);
        assertTrue(Files.isRegularFile(out.resolve("models").resolve("ials.model")));
        // ALS cut its lineage into a checkpoint directory of the job's, and the checkpoints (users' factors) are gone
        String checkpoints = spark.sparkContext().getCheckpointDir().get();
        assertTrue(checkpoints.contains(out.resolve(".checkpoint").toString()), checkpoints);
        assertFalse(Files.exists(out.resolve(".checkpoint")), "checkpoints left in " + checkpoints);
    }

    /**
     * The blend of the job's EASE and MLlib-trained iALS, listed with iALS: iALS is trained once and shared (the
     * blend's iALS part is the listed iALS model), the executors' top-K and contributions are the driver's blend
     * scored in one process, and the model file ranks alike.
     */
    @Test
    void theBlendOfTheJobsEaseAndIalsIsExplainedAndEvaluatedLikeTheOtherModels(@TempDir Path out) throws Exception {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(150, 200), 20261203L);
        Split split = Splits.randomRatio(data.dataset(), 0.8, 7L);
        SparkPipeline.Options d = SparkPipeline.Options.defaults();
        SparkPipeline.Options options = new SparkPipeline.Options(10, List.of("ials", "blend"), d.weighting(),
                d.itemKnn(), d.ease(), new io.whyrec.core.model.IalsConfig(16, 10, 5, 10, 42L, null), 0.4, 3);
        SparkPipeline.Result result = SparkPipeline.run(spark, split.train(), split.test(), out, options);
        Agreement.Counts counts = Agreement.check(spark, split.train(), split.test(), options, result);
        System.out.println("synthetic local[2], blend of EASE and MLlib's iALS: " + counts.line());
        io.whyrec.core.model.EaseIalsBlend blend =
                (io.whyrec.core.model.EaseIalsBlend) result.models().get("blend").model();
        assertTrue(blend.ials() == result.models().get("ials").model(), "iALS is trained once for both");
        assertEquals(0.4, blend.blend());
        assertTrue(counts.contributionValues() > 2000, counts.line());
        assertTrue(Files.isRegularFile(out.resolve("models").resolve("blend.model")));
        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
                () -> new SparkPipeline.Options(10, List.of("blend"), null, null, null, null, 1.5, 2));
        assertTrue(weight.getMessage().contains("blend.blend"), weight.getMessage());
    }

    /** Every 7th event of the synthetic data becomes a dislike, which counts against its item. */
    @Test
    void withoutATestPartAndWithEventsAgainstItRecommendsAndSkipsTheEvaluation(@TempDir Path out) throws Exception {
        Dataset d = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(60, 80), 11L).dataset();
        List<String> types = new ArrayList<>(d.eventTypes());
        types.add("dislike");
        short[] type = d.typeArray().clone();
        int against = 0;
        for (int e = 0; e < type.length; e += 7) {
            type[e] = (short) (types.size() - 1);
            against++;
        }
        Dataset data = Dataset.fromGrouped(d.users(), d.catalog(), types, d.userStartArray(), d.itemArray(),
                d.timeArray(), d.valueArray(), type);
        SparkPipeline.Options options = new SparkPipeline.Options(5, List.of("itemknn"),
                SparkPipeline.Options.defaults().weighting(), SparkPipeline.Options.defaults().itemKnn(),
                SparkPipeline.Options.defaults().ease(), SparkPipeline.Options.defaults().ials(),
                SparkPipeline.Options.defaults().blend(), 3);
        SparkPipeline.Result result = SparkPipeline.run(spark, data, null, out, options);
        assertEquals(List.of("itemknn"), List.copyOf(result.models().keySet()));
        assertEquals(null, result.models().get("itemknn").ranking());
        Agreement.check(spark, data, null, options, result);
        long rowsAgainst = spark.read().parquet(out.resolve("profiles").toString())
                .selectExpr("size(against) AS n").where("n > 0").count();
        assertTrue(against > 100 && rowsAgainst > 0, against + " dislikes, " + rowsAgainst + " facets with events against");
    }

    @Test
    void badOptionsAreRefusedNamingTheFlag() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SparkPipeline.run(new String[]{"--train", "x", "--bogus", "1"}, System.out, System.err));
        assertTrue(unknown.getMessage().contains("--bogus"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SparkPipeline.run(new String[]{"--train", "/no/such/file", "--out", "o"}, System.out, System.err));
        assertTrue(missing.getMessage().contains("--train: no such file"), missing.getMessage());
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> new SparkPipeline.Options(10, List.of("sasrec"), null, null, null, null, 0.3, 2));
        assertTrue(model.getMessage().contains("unknown model 'sasrec'"), model.getMessage());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = assertDoesNotThrowCode(() -> SparkPipeline.run(new String[]{"--out", "o"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("give --train FILE"));
    }

    @Test
    void aBadRowFailsBeforeSparkStartsNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("u.data");
        Files.writeString(data, "1\t10\t4\t881250949\n2\t11\tfour\t881250950\n");
        io.whyrec.core.data.DataFormatException e = assertThrows(io.whyrec.core.data.DataFormatException.class,
                () -> SparkPipeline.run(new String[]{"--format", "ml100k", "--train", data.toString(), "--out",
                    dir.resolve("out").toString()}, System.out, System.err));
        assertTrue(e.getMessage().contains("u.data:2"), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }

    private interface Code {
        int run() throws Exception;
    }

    private static int assertDoesNotThrowCode(Code code) {
        try {
            return code.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
