package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.explain.ExplanationEvaluation;
import io.whyrec.eval.explain.ExplanationEvaluationConfig;
import io.whyrec.eval.explain.MethodQuality;
import io.whyrec.eval.protocol.EvalSettings;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.eval.report.ModelResult;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.feedback.Feedback;
import io.whyrec.server.feedback.SatisfactionReport;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code whyrec disclose} on the small generated data of {@link CliTest} (40 users in two taste groups): the
 * Markdown reports in English and Chinese equal their golden files ({@code disclose-golden-en.md},
 * {@code -zh.md}; rewrite them with {@code -Dwhyrec.golden.update=true} after a deliberate change and read the
 * diff); every number in a report is one of its recorded figures, each figure equals a value computed here
 * independently (the weighting, the data counts, a separate evaluation and explanation measurement, the Wilson
 * intervals), and the sentence bundles hold no figure of their own; the HTML form; bad options are named.
 */
class DiscloseCommandTest {

    private static final Pattern CODE = Pattern.compile("`[^`]*`");

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
    }

    @Test
    void markdownReportsEqualTheirGoldenFiles() throws Exception {
        for (String lang : List.of("en", "zh")) {
            CliTest.Run r = CliTest.run("disclose", "--data-dir", data.toString(), "--lang", lang, "--format", "md");
            assertEquals(0, r.code(), r.err());
            String name = "disclose-golden-" + lang + ".md";
            if (Boolean.getBoolean("whyrec.golden.update")) {
                Files.writeString(Path.of("src/test/resources/io/whyrec/cli", name), r.out(), StandardCharsets.UTF_8);
            }
            try (InputStream in = DiscloseCommandTest.class.getResourceAsStream(name)) {
                assertTrue(in != null, "golden file " + name + " is missing");
                assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), r.out(), lang);
            }
        }
    }

    @Test
    void everyNumberIsAComputedFigure() throws Exception {
        DataOptions options = new DataOptions();
        options.dataDir = data;
        DataOptions.Loaded loaded = options.load(new PrintWriter(new StringWriter()));
        Split split = Splits.randomRatio(loaded.trainingData(), 0.8, 42);
        List<ModelSpec<?>> specs = new ArrayList<>();
        for (String m : ServingConfig.DEFAULT_MODELS) {
            specs.add(Models.require(m));
        }
        EventWeighting w = EventWeighting.DEFAULT;
        for (String lang : List.of("en", "zh")) {
            DisclosureReport report = DisclosureReport.build(lang, new DisclosureReport.Inputs(
                    new GivenSplitProtocol(split, 10, EvalSettings.defaults(), (t, seed) -> Splits.randomRatio(t, 0.8,
                    seed)), split.train().numEvents() + split.test().numEvents(), "random:0.8",
                    specs, "ease", w, ServingConfig.DEFAULT.refitSeconds(), 10, 42, 50,
                    SatisfactionReport.of(answers())), Progress.NONE);
            Map<String, Double> v = report.values();
            // the text: with every recorded figure and every code span taken out, no digit is left
            String text = CODE.matcher(report.markdown()).replaceAll("");
            List<String> written = new ArrayList<>(report.figures().values());
            written.sort(Comparator.comparingInt(String::length).reversed());
            for (String f : written) {
                text = text.replace(f, "");
            }
            text = text.replace("@", "");  // NDCG@ and Recall@ are followed by the figure eval.k.header
            assertFalse(Pattern.compile("\\d").matcher(text).find(), "a number that is no figure: " + text);
            // each figure traces to a value computed here
            assertEquals("random:0.8", report.figures().get("eval.split"), "the split the data directory gives");
            assertEquals(DisclosureReport.LEVEL, v.get("interval.level"));
            assertEquals(w.alpha(), v.get("weighting.alpha"));
            assertEquals(w.beta(), v.get("weighting.beta"));
            assertEquals(w.halfLifeDays(), v.get("weighting.halfLifeDays"), 1e-9);
            assertEquals(split.train().numUsers(), v.get("data.users"));
            assertEquals(split.train().numItems(), v.get("data.items"));
            assertEquals(split.train().numEvents() + split.test().numEvents(), v.get("data.events"));
            assertEquals(320.0, v.get("data.events"), "40 users x 8 events (CliTest.writeTasteGroups)");
            assertEquals(ServingConfig.DEFAULT.refitSeconds(), v.get("serving.refitSeconds"));
            // satisfaction: the stored answers, overall and per arm, and the arms' difference
            assertEquals(30.0, v.get("satisfaction.answers"));
            assertEquals(21.0, v.get("satisfaction.helpful"));
            assertEquals(0.7, v.get("satisfaction.rate"), 1e-12);
            assertEquals(12 / 20.0, v.get("satisfaction.arm.reasons-2.rate"), 1e-12);
            assertEquals(9 / 10.0, v.get("satisfaction.arm.reasons-5.rate"), 1e-12);
            SatisfactionReport.Comparison c = SatisfactionReport.of(answers()).comparisons().get(0);
            assertEquals(c.difference(), v.get("satisfaction.diff." + c.arm() + "." + c.baseline()), 1e-12);
            assertTrue(report.markdown().contains(report.figures().get("satisfaction.rate")));
            Evaluator.Options eo = Evaluator.Options.defaults().with(10, 42, false);
            GivenSplitProtocol protocol = new GivenSplitProtocol(split, 10, eo.settings());
            Map<String, Recommender> fitted = new LinkedHashMap<>();
            EvaluationReport eval = new Evaluator(eo).evaluate(protocol, specs, Progress.NONE, fitted);
            assertEquals(eval.users(), v.get("eval.users"));
            for (ModelResult m : eval.results()) {
                assertEquals(m.metrics().get("NDCG@10"), v.get("accuracy." + m.model() + ".ndcg"), m.model());
                assertEquals(m.ci95().get("NDCG@10").lo(), v.get("accuracy." + m.model() + ".ndcg.lo"));
                assertEquals(m.ci95().get("Recall@10").hi(), v.get("accuracy." + m.model() + ".recall.hi"));
            }
            Recommender ease = fitted.get("ease");
            ExplanationEvaluation.Result result = new ExplanationEvaluation(ExplanationEvaluationConfig.DEFAULT
                    .withK(10).withUsers(50, 0).withSeed(42).withMethods(List.of("exact"))).evaluate("ease", ease,
                    u -> ModelHistories.of(ease, split.train(), u), protocol.users(),
                    new CatalogItemInfo(split.train().catalog()), Progress.NONE);
            MethodQuality q = result.method("exact");
            assertEquals(result.users(), v.get("fidelity.users"), "the users explained, not the number asked for");
            assertEquals(33.0, v.get("fidelity.users"), "every test user: fewer than the 50 asked for");
            assertEquals(q.explanations(), v.get("fidelity.explanations"));
            assertEquals(q.coverage(), v.get("fidelity.coverage"));
            assertEquals(q.counterfactualFound(), v.get("fidelity.counterfactualFound"));
            assertEquals(q.deletionRatio(), v.get("fidelity.deletionRatio"));
            double[] ci = DisclosureReport.wilson(q.pn(), q.explanations());
            assertEquals(ci[0], v.get("fidelity.pn.lo"));
            assertEquals(ci[1], v.get("fidelity.pn.hi"));
        }
    }

    @Test
    void wilsonIntervalByHand() {
        // p = 0.5, n = 100, z = 1.96: centre 0.5, half = 1.96 * sqrt(0.0025 + 0.0000960) / 1.0384 = 0.0962
        double[] ci = DisclosureReport.wilson(0.5, 100);
        assertEquals(0.5 - 0.0962, ci[0], 1e-4);
        assertEquals(0.5 + 0.0962, ci[1], 1e-4);
        // p = 0, n = 10: [0, 3.84 / 13.84 = 0.2775]
        ci = DisclosureReport.wilson(0, 10);
        assertEquals(0, ci[0], 1e-12);
        assertEquals(0.2775, ci[1], 1e-4);
    }

    @Test
    void theBundlesHoldNoFigures() throws Exception {
        for (String lang : List.of("en", "zh")) {
            try (InputStream in = DiscloseCommandTest.class.getResourceAsStream("disclose_" + lang + ".properties")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    String value = line.substring(line.indexOf('=') + 1);
                    String bare = CODE.matcher(value).replaceAll("").replaceAll("\\{\\d+}", "");
                    assertFalse(Pattern.compile("\\d").matcher(bare).find(), lang + ": a figure in " + line);
                }
            }
        }
    }

    @Test
    void htmlFormAndErrors() throws Exception {
        Path out = dir.resolve("d.html");
        CliTest.Run r = CliTest.run("disclose", "--data-dir", data.toString(), "--lang", "zh", "--format", "html",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out);
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"zh\">"), html);
        assertTrue(html.contains("<h2>基本原理</h2>"), html);
        assertTrue(html.contains("<code>DELETE /v1/users/{user}</code>"), html);
        assertTrue(html.contains("<table>") && html.contains("<th>模型</th>"), html);
        r = CliTest.run("disclose", "--data-dir", data.toString(), "--format", "pdf");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--format must be md or html"), r.err());
        r = CliTest.run("disclose", "--data-dir", data.toString(), "--lang", "fr");
        assertTrue(r.err().contains("--lang must be en or zh"), r.err());
        r = CliTest.run("disclose", "--data-dir", data.toString(), "--models", "pop", "--default-model", "ease");
        assertTrue(r.err().contains("--default-model ease is not among --models pop"), r.err());
        r = CliTest.run("disclose", "--data-dir", dir.resolve("none").toString());
        assertTrue(r.err().contains("no imported data"), r.err());
    }

    /** 30 stored answers: arm reasons-2 helpful 12 of 20, arm reasons-5 helpful 9 of 10. */
    private static List<Feedback> answers() {
        List<Feedback> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            boolean five = i >= 20;
            boolean helpful = five ? i < 29 : i < 12;
            out.add(new Feedback("u" + i, "m1", "id-" + i, helpful, null, new ExplanationIds.Issued("ease", 1,
                    "exact", "template", "en", five ? "reasons-5" : "reasons-2"), 100 + i));
        }
        return out;
    }

    /** A data directory whose server stored feedback: disclose reports it; one without a store says there is none. */
    @Test
    void satisfactionComesFromTheStoredFeedback() {
        CliTest.Run none = CliTest.run("disclose", "--data-dir", data.toString(), "--format", "md");
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().contains("No explanation feedback has been recorded"), none.out());
        try (Database db = Database.openSqlite(data)) {
            Store store = new Store(db);
            for (Feedback f : answers()) {
                store.saveFeedback(f);
            }
        }
        CliTest.Run r = CliTest.run("disclose", "--data-dir", data.toString(), "--format", "md");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("21 of 30 answers said the explanation helped: 70%"), r.out());
        assertTrue(r.out().contains("Explanation style reasons-5: 10 answers, helpful 90%"), r.out());
        CliTest.Run zh = CliTest.run("disclose", "--data-dir", data.toString(), "--format", "md", "--lang", "zh");
        assertTrue(zh.out().contains("30 条回答中有 21 条认为解释有帮助"), zh.out());
    }

}
