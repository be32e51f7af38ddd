package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end tests of {@code whyrec explain} and {@code whyrec evaluate --explain} on small generated data (40
 * users in two taste groups, as in {@link CliTest}): the JSON keys of every explanation, exact contributions
 * summing to the score, English and Chinese sentences naming only history items, the facet explanation with
 * its seed-formula numbers, and clear errors for bad options.
 */
class ExplainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path data;

    @BeforeEach
    void importData() throws Exception {
        Path events = CliTest.writeTasteGroups(dir, 1);
        data = dir.resolve("ws");
        CliTest.Run imp = CliTest.run("import", "--format", "generic", "--train", events.toString(), "--items",
                dir.resolve("items.csv").toString(), "--data-dir", data.toString());
        assertEquals(0, imp.code(), imp.err());
        CliTest.Run train = CliTest.run("train", "--data-dir", data.toString(), "--model", "ease", "--param",
                "lambda=10", "--quiet");
        assertEquals(0, train.code(), train.err());
    }

    private JsonNode explain(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("explain", "--data-dir", data.toString(), "--model", "ease",
                "--user", "u0", "--k", "3", "--json"));
        args.addAll(List.of(extra));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void everyMethodHasTheIssueKeysAndExactContributionsSumToTheScore() throws Exception {
        JsonNode root = explain("--method", "all");
        JsonNode xs = root.get("explanations");
        // 3 items x 5 methods (exact, loo, lime, shap, counterfactual)
        assertEquals(15, xs.size());
        Set<String> methods = new HashSet<>();
        for (JsonNode x : xs) {
            for (String key : List.of("item", "title", "rank", "score", "method", "contributions", "facets",
                    "counterfactual", "fidelity", "text")) {
                assertTrue(x.has(key), key + " missing in " + x);
            }
            methods.add(x.get("method").asText());
            JsonNode c0 = x.get("contributions").get(0);
            for (String key : List.of("item", "title", "weight", "contribution")) {
                assertTrue(c0.has(key), key + " missing in " + c0);
            }
            assertTrue(x.get("counterfactual").has("removed") && x.get("counterfactual").has("newRank"));
            assertFalse(x.get("text").asText().isBlank());
            // u0 has 8 events, all listed with --json
            assertEquals(root.get("historyEvents").asInt(), x.get("contributions").size());
            if (x.get("method").asText().equals("exact")) {
                double sum = 0;
                for (JsonNode c : x.get("contributions")) {
                    sum += c.get("contribution").asDouble();
                }
                double score = x.get("score").asDouble();
                assertTrue(score > 0);
                assertTrue(Math.abs(sum - score) <= 1e-9 * Math.abs(score), sum + " vs " + score);
            }
        }
        assertEquals(Set.of("exact", "loo", "lime", "shap", "exact+counterfactual"), methods);
        assertEquals(List.of(1, 2, 3), List.of(xs.get(0).get("rank").asInt(), xs.get(5).get("rank").asInt(),
                xs.get(10).get("rank").asInt()));
    }

    @Test
    void englishAndChineseSentencesNameOnlyHistoryItems() throws Exception {
        for (String lang : List.of("en", "zh")) {
            JsonNode xs = explain("--method", "counterfactual", "--lang", lang).get("explanations");
            for (JsonNode x : xs) {
                String text = x.get("text").asText();
                assertTrue(lang.equals("en") ? text.startsWith("Recommended") : text.startsWith("推荐给你"), text);
                Set<String> history = new HashSet<>();
                for (JsonNode c : x.get("contributions")) {
                    history.add(c.get("title").asText());
                }
                Matcher m = Pattern.compile("Title \\d+").matcher(text);
                int named = 0;
                while (m.find()) {
                    named++;
                    assertTrue(history.contains(m.group()), m.group() + " is not in the history: " + text);
                }
                assertTrue(named >= 1, text);
                assertNotEquals(x.get("title").asText(), "", text);
                assertFalse(text.contains(x.get("title").asText() + " ("), "names the recommended item: " + text);
            }
        }
    }

    @Test
    void facetExplanationShowsTheSeedFormulaNumbersInBothLanguages() throws Exception {
        JsonNode zh = explain("--facet", "Sci-Fi", "--lang", "zh");
        assertEquals("Sci-Fi", zh.get("facet").asText());
        // u0 is in the Sci-Fi group: every event is Sci-Fi, so the facet holds all the weighted activity
        assertEquals(1.0, zh.get("share").asDouble(), 1e-9);
        double sum = 0;
        for (JsonNode e : zh.get("evidence")) {
            for (String key : List.of("f", "h", "decay", "w", "contribution", "title")) {
                assertTrue(e.has(key), key);
            }
            // one facet per item: the event adds all of its weight
            assertEquals(e.get("w").asDouble(), e.get("contribution").asDouble(), 1e-12);
            sum += e.get("contribution").asDouble();
        }
        assertEquals(zh.get("weight").asDouble(), sum, 1e-9);
        String text = zh.get("text").asText();
        assertTrue(text.startsWith("为什么我们认为你喜欢“Sci-Fi”：它占你加权活动的 100%"), text);
        assertTrue(text.contains("衰减"), text);
        CliTest.Run en = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--facet", "Sci-Fi",
                "--lang", "en", "--top", "2");
        assertEquals(0, en.code(), en.err());
        assertTrue(en.out().startsWith("Why we think you like Sci-Fi: it is 100% of your weighted activity"), en.out());
        assertTrue(en.out().contains("w = (0.30 × f"), en.out());
        assertTrue(en.out().contains("more events"), en.out());
    }

    @Test
    void badOptionsFailWithClearMessages() {
        CliTest.Run method = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--method", "magic");
        assertNotEquals(0, method.code());
        assertTrue(method.err().contains("--method must be one of"), method.err());
        CliTest.Run facet = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--facet", "Drama");
        assertNotEquals(0, facet.code());
        assertTrue(facet.err().contains("facet 'Drama' is not in the interest profile of user u0"), facet.err());
        CliTest.Run dirMissing = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--model-dir",
                dir.resolve("nowhere").toString());
        assertNotEquals(0, dirMissing.code());
        assertTrue(dirMissing.err().contains("no saved model"), dirMissing.err());
    }

    @Test
    void evaluateExplainAddsAnExplanationsSectionOnlyWhenAsked() throws Exception {
        CliTest.Run plain = CliTest.run("evaluate", "--data-dir", data.toString(), "--split", "random:0.75",
                "--models", "pop,ease", "--k", "3", "--json", "--quiet", "--no-tune");
        assertEquals(0, plain.code(), plain.err());
        assertFalse(JSON.readTree(plain.out()).has("explanations"));
        CliTest.Run r = CliTest.run("evaluate", "--data-dir", data.toString(), "--split", "random:0.75",
                "--models", "pop,ease", "--k", "3", "--json", "--quiet", "--no-tune", "--explain",
                "--explain-users", "10");
        assertEquals(0, r.code(), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(JSON.readTree(plain.out()).get("results").get(1).get("metrics"),
                root.get("results").get(1).get("metrics"));
        JsonNode ex = root.get("explanations");
        assertEquals(2, ex.size());
        assertEquals("pop", ex.get(0).get("model").asText());
        // popularity is not additive: no exact method
        assertEquals(3, ex.get(0).get("methods").size());
        JsonNode ease = ex.get(1);
        assertEquals(4, ease.get("methods").size());
        assertEquals(30, ease.get("explanations").asInt());
        JsonNode exact = ease.get("methods").get(0);
        assertEquals("exact", exact.get("method").asText());
        assertEquals(1.0, exact.get("coverage").asDouble(), 1e-12);
        for (String key : List.of("deletion", "deletionMargin", "deletionInTopK", "insertion", "counterfactual",
                "stability", "latency")) {
            assertTrue(exact.has(key), key);
        }
        assertTrue(ease.get("kendallTau").has("exact~loo"));
        assertEquals(1.0, ease.get("kendallTau").get("exact~loo").asDouble(), 1e-9);
    }
}
