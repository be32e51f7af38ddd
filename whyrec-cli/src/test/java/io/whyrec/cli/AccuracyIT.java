package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy acceptance checks on real data, run through the command line exactly as a user would
 * ({@code whyrec evaluate ... --json}), with hyper-parameters chosen on a validation split carved from train.
 * Reference figures of the same protocol (independent numpy, ../shared/tools/ref_eval.py): ML-100K ua EASE
 * 0.318 NDCG@10 / 0.272 Recall@10 at its best lambda, popularity 0.133 / 0.121; ML-1M CoLaKG EASE 0.4297.
 * Skipped, with a message, when ../shared/data is absent.
 */
class AccuracyIT {

    private static Path data;

    @BeforeAll
    static void findData() {
        data = Path.of(System.getProperty("whyrec.shared.data", "../../shared/data"));
        Assumptions.assumeTrue(Files.isDirectory(data), "skipped: ../shared/data not found at " + data);
    }

    private static JsonNode evaluate(String... args) throws Exception {
        CliTest.Run run = CliTest.run(args);
        assertEquals(0, run.code(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    private static JsonNode model(JsonNode report, String name) {
        for (JsonNode r : report.get("results")) {
            if (r.get("model").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + name + " in " + report);
    }

    @Test
    void ml100kUaSplit() throws Exception {
        Path dir = data.resolve("ml-100k");
        JsonNode report = evaluate("evaluate", "--format", "ml100k", "--train", dir.resolve("ua.base").toString(),
                "--test", dir.resolve("ua.test").toString(), "--models", "pop,itemknn,ease,ials,profile", "--k", "10",
                "--json", "--quiet");
        assertEquals(943, report.get("users").asInt());
        JsonNode pop = model(report, "pop").get("metrics");
        assertEquals(0.1330, pop.get("NDCG@10").asDouble(), 0.002, "popularity NDCG@10 vs the numpy reference");
        assertEquals(0.1214, pop.get("Recall@10").asDouble(), 0.002, "popularity Recall@10 vs the numpy reference");
        JsonNode ease = model(report, "ease").get("metrics");
        System.out.printf("ML-100K ua: EASE %s NDCG@10 %.4f Recall@10 %.4f HR@10 %.4f%n",
                model(report, "ease").get("params"), ease.get("NDCG@10").asDouble(),
                ease.get("Recall@10").asDouble(), ease.get("HR@10").asDouble());
        assertTrue(ease.get("NDCG@10").asDouble() >= 0.305, "EASE NDCG@10 " + ease);
        assertTrue(ease.get("Recall@10").asDouble() >= 0.26, "EASE Recall@10 " + ease);
        JsonNode ials = model(report, "ials").get("metrics");
        System.out.printf("ML-100K ua: iALS %s NDCG@10 %.4f Recall@10 %.4f%n", model(report, "ials").get("params"),
                ials.get("NDCG@10").asDouble(), ials.get("Recall@10").asDouble());
        // measured 0.309 (docs/serving.md); the bound leaves room for the tuning choosing another grid point
        assertTrue(ials.get("NDCG@10").asDouble() >= 0.29, "iALS NDCG@10 " + ials);
        for (String m : new String[] {"itemknn", "profile"}) {
            double ndcg = model(report, m).get("metrics").get("NDCG@10").asDouble();
            System.out.printf("ML-100K ua: %s NDCG@10 %.4f%n", m, ndcg);
            assertTrue(ndcg >= 0.9 * pop.get("NDCG@10").asDouble(), m + " should be at least near popularity");
        }
    }

    @Test
    void ml1mImplicitSplit() throws Exception {
        Path dir = data.resolve("ml-1m-colakg-implicit");
        JsonNode report = evaluate("evaluate", "--format", "user-items", "--train", dir.resolve("train.txt").toString(),
                "--test", dir.resolve("test.txt").toString(), "--item-map", dir.resolve("item_map.txt").toString(),
                "--items", data.resolve("ml-1m/movies.dat").toString(), "--models", "pop,ease", "--k", "10", "--json",
                "--quiet");
        JsonNode pop = model(report, "pop").get("metrics");
        assertEquals(0.2003, pop.get("NDCG@10").asDouble(), 0.002, "popularity NDCG@10 vs the numpy reference");
        JsonNode ease = model(report, "ease").get("metrics");
        System.out.printf("ML-1M implicit: EASE %s NDCG@10 %.4f Recall@10 %.4f%n", model(report, "ease").get("params"),
                ease.get("NDCG@10").asDouble(), ease.get("Recall@10").asDouble());
        assertTrue(ease.get("NDCG@10").asDouble() >= 0.42, "EASE NDCG@10 " + ease);
    }
}
