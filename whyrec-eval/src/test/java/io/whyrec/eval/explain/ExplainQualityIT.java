package io.whyrec.eval.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The acceptance figures for explanation quality on real data: MovieLens 100K ua.base/ua.test, EASE
 * with lambda fixed at 400, the top-10 of EVERY evaluated user (943) explained by exact, leave-one-out, LIME and
 * KernelSHAP. Prints every figure. Asserts: counterfactual found rate >= 95%; exact contributions faithful
 * (coverage 1); PN = 1 for the exact counterfactuals (the search verified each set, and an independent re-ranking
 * must agree); the deletion AUC of exact attributions at most half that of random removal orders under the two
 * ranking-relevant normalisations of docs/explanation-quality.md (the item's lead over the K-th competitor, and
 * whether it is still in the top-K); and, for the plain normalisation s(n)/s(0), that exact beats random and no
 * method beats exact (for an additive model the exact order is the optimal removal order, so that bound is what
 * the plain ratio can be at best; it is printed, see the document for why it cannot reach 0.5 on this data).
 */
class ExplainQualityIT {

    static Split ml100kUa() {
        String dir = System.getProperty("whyrec.shared.data", "../shared/data");
        Path ml = Path.of(dir, "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("ua.base")), "skipped: ../shared/data not found");
        ImportRequest r = ImportRequest.of(ImportFormat.parse("ml100k"), ml.resolve("ua.base"))
                .withTest(ml.resolve("ua.test")).withItems(ml.resolve("u.item"));
        return Importer.importData(r).split();
    }

    @Test
    void easeTop10OfEveryUser() {
        Split split = ml100kUa();
        Dataset train = split.train();
        Recommender ease = new EaseSpec().fit(train, new EaseConfig(400), Progress.NONE);
        int[] users = new GivenSplitProtocol(split, 10).users();
        assertEquals(943, users.length);
        ExplanationEvaluationConfig config = ExplanationEvaluationConfig.DEFAULT.withUsers(0, 100);
        ExplanationEvaluation.Result r = new ExplanationEvaluation(config).evaluate("ease", ease,
                u -> ModelHistories.of(ease, train, u), users, new CatalogItemInfo(train.catalog()), Progress.NONE);
        print(r);
        assertEquals(9430, r.explanations());
        MethodQuality exact = r.method("exact");
        assertTrue(exact.counterfactualFound() >= 0.95, "counterfactual found rate " + exact.counterfactualFound());
        assertEquals(1.0, exact.coverage(), 1e-12);
        assertEquals(exact.counterfactualFound(), exact.pn(), 1e-12,
                "independent re-ranking must confirm every found set is necessary, and only those");
        assertTrue(exact.deletionAuc() < exact.deletionAucRandom());
        assertTrue(exact.marginRatio() <= 0.5, "margin deletion AUC ratio to random " + exact.marginRatio());
        assertTrue(exact.inTopKRatio() <= 0.5, "in-top-K deletion AUC ratio to random " + exact.inTopKRatio());
        for (MethodQuality m : r.methods()) {
            assertTrue(m.deletionAuc() >= exact.deletionAuc() - 1e-9,
                    m.method() + " beats the optimal additive removal order: " + m.deletionAuc());
        }
        assertTrue(r.method("lime").stabilityExplanations() > 0 && r.method("shap").stabilityExplanations() > 0);
    }

    static void print(ExplanationEvaluation.Result r) {
        System.out.printf(Locale.ROOT, "%n== explanation quality: %s, %d users, %d recommendations, %.1f s%n",
                r.model(), r.users(), r.explanations(), r.seconds());
        System.out.printf(Locale.ROOT, "%-6s %8s %8s %7s %8s %7s %8s %7s %8s %7s %6s %6s %6s %6s %6s %6s %7s %7s%n",
                "method", "delAUC", "random", "ratio", "posOnly", "ratio", "margin", "ratio", "inTopK", "ratio",
                "insR", "cfFnd", "cfMed", "PN", "PS", "FNS", "stab", "p99ms");
        for (MethodQuality m : r.methods()) {
            System.out.printf(Locale.ROOT,
                    "%-6s %8.4f %8.4f %7.3f %8.4f %7.3f %8.4f %7.3f %8.4f %7.3f %6.3f %6.3f %6.1f %6.3f %6.3f %6.3f %7.3f %7.2f%n",
                    m.method(), m.deletionAuc(), m.deletionAucRandom(), m.deletionRatio(), m.deletionPositiveAuc(),
                    m.deletionPositiveRatio(), m.marginAuc(), m.marginRatio(), m.inTopKAuc(), m.inTopKRatio(),
                    m.insertionRatio(), m.counterfactualFound(), m.counterfactualMedian(), m.pn(), m.ps(), m.fns(),
                    m.stability(), m.p99Millis());
            System.out.printf(Locale.ROOT, "       random: margin %.4f inTopK %.4f insertion %.4f (attributed %.4f);"
                            + " coverage %.4f; cf mean size %.2f; stability over %d; margin curves %d; LIME R2 %.3f%n",
                    m.marginAucRandom(), m.inTopKAucRandom(), m.insertionAucRandom(), m.insertionAuc(), m.coverage(),
                    m.counterfactualMean(), m.stabilityExplanations(), m.marginCurves(), m.meanLimeR2());
        }
        System.out.println("Kendall tau: " + r.agreement());
    }

}
