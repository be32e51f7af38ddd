package io.whyrec.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.narrate.Facts;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.GroundingGate;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.explain.narrate.NarratorReport;
import io.whyrec.explain.narrate.TemplateNarrator;
import io.whyrec.explain.narrate.Vocabulary;
import io.whyrec.explain.testing.Ml100kExplanations;
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
        Ml100kExplanations ml = Ml100kExplanations.load();
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, GgufGroundingIT.class.getClassLoader());
        } catch (LinkageError e) {
            Assumptions.assumeTrue(false, "llama.cpp's native library does not load here: " + e);
        }
        int maxUsers = Integer.getInteger("whyrec.gguf.users", 30);
        ItemInfo info = ml.info();
        Vocabulary vocabulary = ml.vocabulary();
        Path model = TinyGguf.write(dir.resolve("tiny.gguf"), 20261203L);
        GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.gguf(model.toString()));
        NarratorReport report = new NarratorReport("gguf, tiny random-weights model");
        List<List<Explanation>> perUser = ml.topExplanations(maxUsers, 3);
        int users = perUser.size();
        for (List<Explanation> xs : perUser) {
            for (Explanation x : xs) {
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
