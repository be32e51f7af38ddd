package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end tests of the command line on small generated files: import, train, recommend, profile, evaluate
 * (its JSON keys), the exit codes of bad input, and that a failed import writes nothing.
 */
class CliTest {

    @TempDir
    Path dir;

    /** What a command printed and returned. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Writes a generic CSV with 40 users in two taste groups (items 0-9 are "Sci-Fi", 10-19 "Drama"), so the
     * models have something to learn and the profiles something to show. Every event has the given value;
     * items.csv is written beside the events.
     */
    static Path writeTasteGroups(Path dir, int value) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<String> lines = new ArrayList<>();
        lines.add("user,item,timestamp,event_type,value");
        for (int u = 0; u < 40; u++) {
            int base = u % 2 == 0 ? 0 : 10;
            for (int e = 0; e < 8; e++) {
                int item = base + random.nextInt(10);
                lines.add("u" + u + ",i" + item + "," + (1_600_000_000L + e * 3600L + u) + ",view," + value);
            }
        }
        Path events = dir.resolve("events.csv");
        Files.write(events, lines);
        List<String> items = new ArrayList<>();
        items.add("id,title,text,tags");
        for (int i = 0; i < 20; i++) {
            items.add("i" + i + ",Title " + i + ",," + (i < 10 ? "Sci-Fi" : "Drama"));
        }
        Files.write(dir.resolve("items.csv"), items);
        return events;
    }

    private Path writeEvents() throws Exception {
        return writeTasteGroups(dir, 5);
    }

    @Test
    void importTrainRecommendProfileEvaluate() throws Exception {
        Path events = writeEvents();
        Path data = dir.resolve("ws");
        Run imp = run("import", "--format", "generic", "--train", events.toString(), "--items",
                dir.resolve("items.csv").toString(), "--data-dir", data.toString());
        assertEquals(0, imp.code(), imp.err());
        assertTrue(Files.exists(data.resolve(DataOptions.DATASET_FILE)));

        Run train = run("train", "--data-dir", data.toString(), "--model", "ease", "--param", "lambda=10", "--quiet");
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.exists(data.resolve("models/ease.model")));

        Run rec = run("recommend", "--data-dir", data.toString(), "--model", "ease", "--user", "u0", "--k", "5",
                "--json");
        assertEquals(0, rec.code(), rec.err());
        JsonNode items = new ObjectMapper().readTree(rec.out()).get("items");
        assertEquals(5, items.size());
        // user u0 is in the Sci-Fi group: its best unseen recommendation must be a Sci-Fi item
        assertTrue(items.get(0).get("tags").toString().contains("Sci-Fi"), rec.out());

        // several users: an array in the order given, each element equal to that user's own run
        Run many = run("recommend", "--data-dir", data.toString(), "--model", "ease", "--user", "u1,u0", "--k", "5",
                "--json");
        assertEquals(0, many.code(), many.err());
        JsonNode lists = new ObjectMapper().readTree(many.out());
        assertEquals(2, lists.size(), many.out());
        assertEquals("u1", lists.get(0).get("user").asText());
        assertEquals(items, lists.get(1).get("items"));
        Run unknown = run("recommend", "--data-dir", data.toString(), "--model", "ease", "--user", "u0,nobody");
        assertEquals(1, unknown.code(), unknown.out());
        assertTrue(unknown.err().contains("nobody"), unknown.err());
        assertEquals("", unknown.out());

        // text output ends with print(), not println(): it must still reach the terminal
        Run text = run("recommend", "--data-dir", data.toString(), "--model", "ease", "--user", "u0", "--k", "3");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("Top-3 for user u0 (ease):"), text.out());
        assertEquals(4, text.out().strip().split("\n").length, text.out());

        Run profile = run("profile", "--data-dir", data.toString(), "--user", "u1", "--json");
        assertEquals(0, profile.code(), profile.err());
        JsonNode facets = new ObjectMapper().readTree(profile.out()).get("facets");
        assertEquals("Drama", facets.get(0).get("facet").asText());
        assertEquals(1.0, facets.get(0).get("share").asDouble(), 1e-9);
        JsonNode summary = new ObjectMapper().readTree(profile.out()).get("summary");
        assertTrue(summary.get("text").asText().startsWith("Mostly Drama (100% of your weighted activity)"),
                summary.toString());
        assertEquals("[\"Drama\"]", summary.get("phrases").get(0).get("facets").toString());
        Run zh = run("profile", "--data-dir", data.toString(), "--user", "u1", "--lang", "zh");
        assertTrue(zh.out().startsWith("主要是Drama（占你加权活动的 100%）"), zh.out());

        Run eval = run("evaluate", "--data-dir", data.toString(), "--protocol", "random:0.75", "--models",
                "pop,ease,profile", "--k", "5", "--json", "--quiet");
        assertEquals(0, eval.code(), eval.err());
        JsonNode report = new ObjectMapper().readTree(eval.out());
        assertEquals(3, report.get("results").size());
        for (JsonNode r : report.get("results")) {
            for (String key : List.of("Recall@5", "NDCG@5", "HR@5", "MRR@5")) {
                double v = r.get("metrics").get(key).asDouble();
                assertTrue(v >= 0 && v <= 1, key + "=" + v);
            }
            assertTrue(r.has("params"));
        }
        assertEquals("pop", report.get("results").get(0).get("model").asText());
    }

    /**
     * {@code evaluate --param}: one value fixes the parameter (nothing tuned, the value reported), a list is the
     * grid the tuner tries (one trial per value), a sparse EASE form reaches the report, and a parameter of a
     * model that is not evaluated is an error naming it.
     */
    @Test
    void evaluateParamFixesOrGridsAParameter() throws Exception {
        Path events = writeTasteGroups(dir, 1);
        Run fixed = run("evaluate", "--format", "generic", "--train", events.toString(), "--protocol", "random:0.75",
                "--models", "pop,ease", "--param", "ease.lambda=7,ease.form=sparse,ease.neighbours=5", "--json",
                "--quiet");
        assertEquals(0, fixed.code(), fixed.err());
        JsonNode ease = new ObjectMapper().readTree(fixed.out()).get("results").get(1);
        assertEquals(7.0, ease.get("params").get("lambda").asDouble(), 0.0);
        assertEquals("sparse", ease.get("params").get("form").asText());
        assertEquals(0, ease.get("tuning").size());
        Run grid = run("evaluate", "--format", "generic", "--train", events.toString(), "--protocol", "random:0.75",
                "--models", "pop,ease", "--param", "ease.lambda=3,30,300", "--json", "--quiet");
        assertEquals(0, grid.code(), grid.err());
        JsonNode tuning = new ObjectMapper().readTree(grid.out()).get("results").get(1).get("tuning");
        assertEquals(3, tuning.size(), grid.out());
        assertEquals(30.0, tuning.get(1).get("params").get("lambda").asDouble(), 0.0);
        Run missing = run("evaluate", "--format", "generic", "--train", events.toString(), "--models", "pop",
                "--param", "ease.lambda=3");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("model 'ease' is not among --models [pop]"), missing.err());
    }

    @Test
    void badRowFailsWithFileAndLineAndWritesNothing() throws Exception {
        Path events = dir.resolve("bad.csv");
        Files.writeString(events, "user,item,timestamp\nu1,i1,100\nu2,i2,notanumber\n");
        Path data = dir.resolve("ws");
        Run imp = run("import", "--format", "generic", "--train", events.toString(), "--data-dir", data.toString());
        assertEquals(1, imp.code());
        assertTrue(imp.err().contains("bad.csv:3"), imp.err());
        assertFalse(Files.exists(data.resolve(DataOptions.DATASET_FILE)));

        Run skipped = run("import", "--format", "generic", "--train", events.toString(), "--data-dir",
                data.toString(), "--skip-bad");
        assertEquals(0, skipped.code(), skipped.err());
        assertTrue(skipped.out().contains("skipped: 1"), skipped.out());
    }

    @Test
    void unknownUserAndUnknownModelAreErrors() throws Exception {
        Path events = writeEvents();
        Run rec = run("recommend", "--format", "generic", "--train", events.toString(), "--user", "nobody");
        assertEquals(1, rec.code());
        assertTrue(rec.err().contains("unknown user 'nobody'"), rec.err());
        Run model = run("evaluate", "--format", "generic", "--train", events.toString(), "--models", "magic");
        assertEquals(1, model.code());
        assertTrue(model.err().contains("magic"), model.err());
        assertEquals(2, run("evaluate", "--no-such-flag").code());
    }

    /**
     * The demo's first screen shows the product: every shown user's profile with the planted truth, a "because"
     * sentence for each of their top 5 with the counterfactual, one why-not answer and the evaluation table, in
     * under 60 lines; off a terminal, progress is one line per model.
     */
    @Test
    void demoShowsExplanationsOnSyntheticData() {
        Run demo = run("demo");
        assertEquals(0, demo.code(), demo.err());
        String out = demo.out();
        assertTrue(out.lines().count() < 60, out.lines().count() + " lines:\n" + out);
        assertEquals(3, out.lines().filter(l -> l.startsWith("User ") && l.contains("[planted: ")).count(), out);
        assertEquals(15, out.lines().filter(l -> l.contains("Recommended because of ") && l.contains(" of its score")).count(), out);
        assertTrue(out.lines().filter(l -> l.contains("it would fall to rank")).count() >= 3, out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("  Why not ")).count(), out);
        assertTrue(out.contains("NDCG@10") && out.contains("vs pop"), out);
        assertEquals(List.of("pop", "itemknn", "ease", "profile"), demo.err().lines()
                .map(l -> l.substring(0, l.indexOf(':'))).toList(), demo.err());
        Run zh = run("demo", "--quiet", "--lang", "zh", "--models", "pop,ease", "--users", "1");
        assertEquals(0, zh.code(), zh.err());
        assertTrue(zh.out().contains("推荐给你，因为") && zh.out().contains("为什么没有"), zh.out());
    }

    /**
     * Preprocessing on import: a user with two events, one of them rated 2, disappears under --k-core 3; the
     * rating-2 event disappears under --implicit-threshold 4, and the report counts the events before and after.
     */
    @Test
    void importAppliesImplicitConversionAndKCore() throws Exception {
        Path events = writeEvents();
        List<String> lines = new ArrayList<>(Files.readAllLines(events));
        lines.add("casual,i1,1600000000,view,5");
        lines.add("casual,i2,1600000100,view,2");
        Files.write(events, lines);
        Path data = dir.resolve("ws");
        Run imp = run("import", "--format", "generic", "--train", events.toString(), "--data-dir", data.toString(),
                "--implicit-threshold", "4", "--k-core", "3");
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.err().contains("preprocessing: 322 -> 320 events"), imp.err());
        Run profile = run("profile", "--data-dir", data.toString(), "--user", "casual");
        assertEquals(1, profile.code());
        assertTrue(profile.err().contains("unknown user 'casual'"), profile.err());
        assertEquals(0, run("profile", "--data-dir", data.toString(), "--user", "u3").code());
    }
    /**
     * A play-count log in its published form (tab-separated {@code userID artistID weight} with a header, named
     * .dat): {@code auto} refuses to guess and names both readings and the --columns mapping; the generic format
     * with that mapping imports every row, and the header is neither a user nor an item.
     */
    @Test
    void genericImportMapsColumnsAndAutoRefusesAnAmbiguousHeader() throws Exception {
        Path log = dir.resolve("user_artists.dat");
        Files.writeString(log, "userID\tartistID\tweight\n2\t51\t13883\n2\t52\t11690\n3\t51\t228\n"
                + "3\t60\t12\n4\t52\t1740\n");
        Run auto = run("import", "--train", log.toString(), "--data-dir", dir.resolve("auto").toString());
        assertEquals(1, auto.code(), auto.err());
        assertTrue(auto.err().contains("user_artists.dat") && auto.err().contains("--format generic --syntax tsv "
                + "--columns user=userID,item=artistID,value=weight") && auto.err().contains("--format user-items"),
                auto.err());
        assertFalse(Files.exists(dir.resolve("auto").resolve("dataset.whyrec")), "nothing written");
        Run unmapped = run("import", "--format", "generic", "--train", log.toString(), "--data-dir",
                dir.resolve("unmapped").toString());
        assertEquals(1, unmapped.code());
        assertTrue(unmapped.err().contains("user_artists.dat:1") && unmapped.err().contains("--columns item=NAME"),
                unmapped.err());
        Path data = dir.resolve("music");
        Run mapped = run("import", "--format", "generic", "--train", log.toString(), "--columns",
                "user=userID,item=artistID,value=weight", "--data-dir", data.toString());
        assertEquals(0, mapped.code(), mapped.err());
        String report = mapped.out() + mapped.err();
        assertTrue(report.contains("imported 3 users, 3 items, 5 events"), report);
        Run typo = run("import", "--format", "generic", "--train", log.toString(), "--columns",
                "user=userId,item=artistID", "--data-dir", dir.resolve("typo").toString());
        assertEquals(1, typo.code());
        assertTrue(typo.err().contains("--columns user=userId: the header has no column 'userId' (found: "
                + "userID,artistID,weight)"), typo.err());

        // play counts read as plain events are refused with the fix; as plays they weigh on a log scale
        Run flags = run("profile", "--data-dir", data.toString(), "--user", "3");
        assertEquals(1, flags.code());
        assertTrue(flags.err().contains("value 228.0") && flags.err().contains("--event-type play"), flags.err());
        Path artists = dir.resolve("artists.dat"); // tab-separated: a .dat is not always ML-1M
        Files.writeString(artists, "id\ttitle\ttags\n51\tDuran Duran\tpop|new wave\n52\tMorcheeba\ttrip-hop\n"
                + "60\tAir\telectronic|french\n");
        Path plays = dir.resolve("plays");
        Run typed = run("import", "--format", "generic", "--train", log.toString(), "--columns",
                "user=userID,item=artistID,value=weight", "--event-type", "play", "--items", artists.toString(),
                "--data-dir", plays.toString());
        assertEquals(0, typed.code(), typed.err());
        Run profile = run("profile", "--data-dir", plays.toString(), "--user", "3");
        assertEquals(0, profile.code(), profile.err());
        // h = ln(1 + plays) / ln(1001): 228 plays 0.79, 12 plays 0.37; the facets of both artists weigh
        assertTrue(profile.out().contains("h=0.79") && profile.out().contains("h=0.37"), profile.out());
        assertTrue(profile.out().contains("pop") && profile.out().contains("electronic"), profile.out());
        assertFalse(profile.out().contains("1970"), "an undated log shows positions, not dates: " + profile.out());
        assertTrue(profile.out().contains("#"), profile.out());
    }
}
