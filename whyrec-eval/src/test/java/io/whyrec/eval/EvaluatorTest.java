package io.whyrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Progress;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.eval.ToySpec.Config;
import io.whyrec.eval.protocol.FixedSpec;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.protocol.RankingResult;
import io.whyrec.eval.report.Comparison;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.eval.report.ModelResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final Split SPLIT = Splits.randomRatio(TestData.zipf(150, 40, 10, 31), 0.8, 2);

    private static ToySpec toy(String name, Config... grid) {
        return new ToySpec(name, List.of(grid), ToySpec.keys(SPLIT.test()));
    }

    private static EvaluationReport report() {
        List<ModelSpec<?>> specs = List.of(toy("flat", new Config("flat", 0)),
                toy("tuned", new Config("anti", -1), new Config("pop", 1)));
        return Evaluator.evaluate(SPLIT, specs, 10, 7, true, Progress.NONE);
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        EvaluationReport report = report();
        JsonNode root = new ObjectMapper().readTree(report.toJson());
        assertEquals(List.of("protocol", "split", "k", "users", "dropped", "validation", "results", "comparisons"),
                fields(root));
        assertEquals(new GivenSplitProtocol(SPLIT, 10).droppedUsers(), root.get("dropped").asInt());
        // the "tuned" model chose on the default carving of the given split: a seeded per-user random split
        assertTrue(root.get("validation").asText().startsWith("validation of " + SPLIT.name() + ": random:0.8"),
                root.get("validation").asText());
        assertEquals("given-split", root.get("protocol").asText());
        assertEquals(SPLIT.name(), root.get("split").asText());
        assertEquals(10, root.get("k").asInt());
        assertEquals(new GivenSplitProtocol(SPLIT, 10).users().length, root.get("users").asInt());
        assertEquals(2, root.get("results").size());
        List<String> metricNames = List.of("Recall@10", "NDCG@10", "HR@10", "MRR@10", "Precision@10",
                "Coverage@10", "Novelty@10");
        for (JsonNode r : root.get("results")) {
            assertEquals(List.of("model", "params", "metrics", "ci95", "tuning", "fitSeconds"), fields(r));
            assertEquals(metricNames, fields(r.get("metrics")));
            assertEquals(metricNames.subList(0, 5), fields(r.get("ci95")));
            for (JsonNode ci : r.get("ci95")) {
                assertEquals(2, ci.size());
                assertTrue(ci.get(0).asDouble() <= ci.get(1).asDouble());
            }
            assertTrue(r.get("fitSeconds").isNumber());
        }
        JsonNode tuned = root.get("results").get(1);
        assertEquals("tuned", tuned.get("model").asText());
        assertEquals("pop", tuned.get("params").get("label").asText());
        assertEquals(1, tuned.get("params").get("direction").asInt());
        assertEquals(2, tuned.get("tuning").size());
        for (JsonNode t : tuned.get("tuning")) {
            assertEquals(List.of("params", "validation"), fields(t));
            assertEquals(List.of("NDCG@10"), fields(t.get("validation")));
        }
        // one-configuration grid: nothing tuned
        assertEquals(0, root.get("results").get(0).get("tuning").size());
        assertEquals(5, root.get("comparisons").size());
        JsonNode c = root.get("comparisons").get(1);
        assertEquals(List.of("model", "baseline", "metric", "diff", "ci95"), fields(c));
        assertEquals("tuned", c.get("model").asText());
        assertEquals("flat", c.get("baseline").asText());
        assertEquals("NDCG@10", c.get("metric").asText());
        assertEquals(report.result("tuned").metrics().get("NDCG@10") - report.result("flat").metrics().get("NDCG@10"),
                c.get("diff").asDouble(), 1e-12);
    }

    @Test
    void metricsMatchADirectProtocolRunAndIntervalsHoldTheMeans() {
        EvaluationReport report = report();
        ModelResult tuned = report.result("tuned");
        GivenSplitProtocol protocol = new GivenSplitProtocol(SPLIT, 10);
        RankingResult direct = protocol.evaluate(TestData.popularity(SPLIT.train()), Progress.NONE);
        assertEquals(direct.summary(), tuned.metrics());
        tuned.ci95().forEach((name, ci) -> assertTrue(ci.contains(tuned.metrics().get(name)), name));
        // popularity clearly beats the flat (index-order) ranking on NDCG: the paired interval excludes 0
        Comparison ndcg = report.comparisons().stream().filter(c -> c.metric().equals("NDCG@10")).findFirst()
                .orElseThrow();
        assertTrue(ndcg.diff() > 0 && ndcg.ci95().lo() > 0, ndcg.toString());
    }

    @Test
    void sameModelUnderTwoNamesDiffersByExactlyZero() {
        List<ModelSpec<?>> specs = List.of(toy("a", new Config("pop", 1)), toy("b", new Config("pop", 1)));
        EvaluationReport report = new Evaluator(Evaluator.Options.defaults().withBaseline("b"))
                .evaluate(SPLIT, specs, Progress.NONE);
        assertEquals(5, report.comparisons().size());
        for (Comparison c : report.comparisons()) {
            assertEquals("a", c.model());
            assertEquals("b", c.baseline());
            assertEquals(0.0, c.diff(), 0.0);
            assertEquals(0.0, c.ci95().lo(), 0.0);
            assertEquals(0.0, c.ci95().hi(), 0.0);
        }
    }

    @Test
    void fixedSpecIsNotTunedAway() {
        ToySpec spec = toy("t", new Config("anti", -1), new Config("pop", 1));
        List<ModelSpec<?>> specs = List.of(FixedSpec.configured(spec, Map.of("label", "mine", "direction", "-1")));
        EvaluationReport report = Evaluator.evaluate(SPLIT, specs, 10, 7, true, Progress.NONE);
        assertEquals("mine", report.result("t").params().get("label"));
        assertTrue(report.result("t").tuning().isEmpty());
    }

    /** A grid given by the user is what the tuner searches: every value is tried on validation, the best kept. */
    @Test
    void aGivenGridIsWhatTheTunerSearches() {
        ToySpec spec = toy("t", new Config("flat", 0));
        List<Map<String, String>> grid = io.whyrec.eval.protocol.ParamGrid.combinations(
                io.whyrec.eval.protocol.ParamGrid.parse(List.of("t.label=g,t.direction=-1,1")).get("t"));
        assertEquals(List.of(Map.of("label", "g", "direction", "-1"), Map.of("label", "g", "direction", "1")), grid);
        EvaluationReport report = Evaluator.evaluate(SPLIT, List.of(FixedSpec.grid(spec, grid)), 10, 7, true,
                Progress.NONE);
        assertEquals(2, report.result("t").tuning().size(), "both values of the grid were tried");
        // direction 1 ranks by popularity, -1 against it; on Zipf data popularity wins on validation
        assertEquals(1, ((Number) report.result("t").params().get("direction")).intValue());
    }

    /**
     * A model refused before its fit (too large for the heap) is reported as not fitted with its reason, and the
     * results already computed for the other models are kept.
     */
    @Test
    void aModelRefusedBeforeItsFitKeepsTheOthers() throws Exception {
        ModelSpec<Config> tooLarge = new ModelSpec<>() {
            @Override
            public String name() {
                return "big";
            }

            @Override
            public Config defaults() {
                return new Config("x", 1);
            }

            @Override
            public List<Config> tuningGrid() {
                return List.of(defaults());
            }

            @Override
            public Config configure(Map<String, String> overrides) {
                return defaults();
            }

            @Override
            public io.whyrec.api.Recommender fit(io.whyrec.core.data.Dataset train, Config config,
                                                 Progress progress) {
                throw new io.whyrec.core.model.ModelTooLargeException("big needs 9.00 GB of heap, this JVM has "
                        + "1.00 GB free of a 2.00 GB maximum (-Xmx)", 9_000_000_000L, 1_000_000_000L);
            }
        };
        List<ModelSpec<?>> specs = List.of(toy("flat", new Config("flat", 0)), tooLarge,
                toy("pop", new Config("pop", 1)));
        EvaluationReport report = Evaluator.evaluate(SPLIT, specs, 10, 7, true, Progress.NONE);
        assertEquals(List.of("flat", "pop"), report.results().stream().map(ModelResult::model).toList());
        assertEquals(List.of(new EvaluationReport.NotFitted("big", "big needs 9.00 GB of heap, this JVM has "
                + "1.00 GB free of a 2.00 GB maximum (-Xmx)")), report.notFitted());
        JsonNode root = new ObjectMapper().readTree(report.toJson());
        assertEquals("big", root.get("notFitted").get(0).get("model").asText());
        assertTrue(report.toText().contains("not fitted: big: big needs 9.00 GB"), report.toText());
    }

    @Test
    void theParamGridRejectsMalformedArguments() {
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> io.whyrec.eval.protocol.ParamGrid.parse(List.of("lambda=3")));
        assertTrue(noModel.getMessage().contains("'lambda=3' is not MODEL.KEY=VALUE"), noModel.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> io.whyrec.eval.protocol.ParamGrid.parse(List.of("ease.lambda=3", "ease.lambda=4")));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
        assertEquals(Map.of("ease", Map.of("lambda", List.of("1", "2")), "itemknn", Map.of("k", List.of("5"))),
                io.whyrec.eval.protocol.ParamGrid.parse(List.of("ease.lambda=1,2,itemknn.k=5")));
    }

    @Test
    void textTableFitsAHundredColumns() {
        String text = report().toText();
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 100, "too wide (" + line.length() + "): " + line);
        }
        assertTrue(text.contains("NDCG@10") && text.contains("tuned") && text.contains("flat"));
        assertTrue(text.contains("tuned vs flat"));
    }

    @Test
    void badRequestsAreRejectedWithTheReason() {
        List<ModelSpec<?>> twice = List.of(toy("a", new Config("pop", 1)), toy("a", new Config("pop", 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(SPLIT, twice, 10, 1, false, Progress.NONE));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        List<ModelSpec<?>> one = List.of(toy("a", new Config("pop", 1)));
        e = assertThrows(IllegalArgumentException.class, () -> new Evaluator(
                Evaluator.Options.defaults().withBaseline("zzz")).evaluate(SPLIT, one, Progress.NONE));
        assertTrue(e.getMessage().contains("zzz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(SPLIT, List.of(), 10, 1, false,
                Progress.NONE));
    }
}
