package io.whyrec.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualExplainer;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.narrate.Facts;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.GroundingGate;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.explain.narrate.NarratorReport;
import io.whyrec.explain.narrate.TemplateNarrator;
import io.whyrec.explain.narrate.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gguf backend's row of the narrator report (docs/narrator.md) on ML-100K: the tiny random-weights model the
 * test writes ({@link TinyGguf}) narrates the exact explanations (with a counterfactual) of EASE lambda 400's
 * top-3 for the first {@code -Dwhyrec.gguf.users} users (default 30), in English and Chinese, through llama.cpp
 * and the grounding gate. The model writes noise, so the gate must reject every sentence, none as a backend error
 * (the model answered in time), and the template must answer each time; the row shows what a real model's row
 * would be measured by, and the latency of the in-process path (loading excluded). Skipped when ML-100K or the
 * native library is absent.
 */
class GgufGroundingIT {

    @TempDir
    Path dir;

    @Test
    void theTinyModelsRowOnMl100k() throws Exception {
        Path ml = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("ua.base")),
                "skipped: ML-100K not found at " + ml + " (set -Dwhyrec.shared.data)");
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, GgufGroundingIT.class.getClassLoader());
        } catch (LinkageError e) {
            Assumptions.assumeTrue(false, "llama.cpp's native library does not load here: " + e);
        }
        int maxUsers = Integer.getInteger("whyrec.gguf.users", 30);
        Dataset train = Importer.importData(ImportRequest.of(ImportFormat.parse("ml100k"), ml.resolve("ua.base"))
                .withTest(ml.resolve("ua.test")).withItems(ml.resolve("u.item"))).split().train();
        Recommender ease = new EaseSpec().fit(train, new EaseConfig(400), Progress.NONE);
        ItemInfo info = new CatalogItemInfo(train.catalog());
        Vocabulary vocabulary = Vocabulary.of(info, train.numItems());
        CounterfactualExplainer explainer = new CounterfactualExplainer(new ExactExplainer(ease, info),
                new CounterfactualSearch(ease, CounterfactualConfig.DEFAULT));
        Path model = TinyGguf.write(dir.resolve("tiny.gguf"), 20261203L);
        GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.gguf(model.toString()));
        NarratorReport report = new NarratorReport("gguf, tiny random-weights model");
        int users = 0;
        for (int u = 0; u < train.numUsers() && users < maxUsers; u++) {
            if (train.userSize(u) == 0) {
                continue;
            }
            users++;
            History h = ModelHistories.of(ease, train, u);
            List<ScoredItem> top = ease.recommend(h, 3, ScoringAdapter.itemsOf(h));
            for (int r = 0; r < top.size(); r++) {
                Explanation x = explainer.explain(h, top.get(r).item(), r + 1);
                for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
                    Narration n = narrator.narrate(x, info, locale, vocabulary);
                    report.add(Facts.of(x, info), n.text(), n.grounded(), n.nanos());
                    assertFalse(n.grounded(), "noise passed the gate: " + n);
                    assertEquals(TemplateNarrator.NAME, n.narrator());
                }
            }
        }
        System.out.println("GgufGroundingIT: " + users + " users, " + report.sentences() + " sentences; "
                + narrator.summary());
        System.out.println("  " + NarratorReport.header());
        System.out.println("  " + report.row());
        assertEquals(6 * users, report.sentences());
        assertEquals(0.0, report.groundingRate());
        assertFalse(narrator.rejections().containsKey(GroundingGate.Kind.BACKEND_ERROR), narrator.summary());
        assertTrue(narrator.calls() == report.sentences(), narrator.summary());
    }
}
