package io.whyrec.neural;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.whyrec.api.Explainer;
import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.PopularitySpec;
import io.whyrec.core.profile.Histories;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.explain.ExplanationEvaluation;
import io.whyrec.eval.explain.ExplanationEvaluationConfig;
import io.whyrec.eval.explain.MethodQuality;
import io.whyrec.eval.protocol.LeaveOneOutProtocol;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.explain.ScoringAdapter;
import io.whyrec.explain.lime.LimeConfig;
import io.whyrec.explain.shap.KernelShapConfig;
import io.whyrec.neural.explain.AttentionGradientExplainer;
import io.whyrec.neural.explain.GradientTimesInputExplainer;
import io.whyrec.neural.explain.IntegratedGradientsExplainer;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import io.whyrec.neural.train.SasRecSpec;
import io.whyrec.neural.train.TorchEaseSpec;
import io.whyrec.text.embed.Embedder;
import io.whyrec.text.embed.EmbeddingConfig;
import io.whyrec.text.embed.ItemTexts;
import io.whyrec.text.model.ItemEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The transformer against EASE and popularity under chronological leave-one-out with full ranking (history = every
 * event before the test item, seen items masked; {@link LeaveOneOutProtocol}), with paired 95% bootstrap intervals
 * against EASE (tuned on the validation item), on ML-100K and Amazon Beauty; then, on ML-100K, the deletion AUC of
 * the gradient explainers beside LIME and KernelSHAP on the same fitted model. Long: run with {@code mvn verify
 * -Plong -pl whyrec-neural -Dit.test=SasRecLeaveOneOutIT}.
 */
@Tag("long")
class SasRecLeaveOneOutIT {

    private static Path shared() {
        String p = System.getProperty("whyrec.shared.data");
        assumeTrue(p != null && Files.isDirectory(Path.of(p)), "skipped: ../shared/data not found");
        return Path.of(p);
    }

    private static final Progress LINES = (task, done, total) -> {
        if (task.startsWith("sasrec epoch") || task.startsWith("sasrec refit") || task.startsWith("tune") || (done == total && !task.startsWith("sasrec"))) {
            System.out.println(task + " [" + done + "/" + total + "]");
        }
    };

    /** The ML-100K settings: maxLen 50, dim 64, 2 blocks, 1 head, dropout 0.2, lr 1e-3, checks every 3 epochs. */
    private static final SasRecConfig ML100K = new SasRecConfig(50, 64, 2, 1, 0.2, 1e-3, 128, 90, 3, 4, 42L);

    /** Whether SASRec is refitted on the validation items after early stopping: {@code whyrec.it.refit}, default on. */
    private static boolean refit() {
        return Boolean.parseBoolean(System.getProperty("whyrec.it.refit", "true"));
    }

    /** ML-100K: u.data with timestamps; dropout 0.2 as SASRec on MovieLens, maxLen 50 (longer
     * histories are trained as windows). */
    @Test
    void ml100k() {
        Path file = shared().resolve("ml-100k/u.data");
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " not found");
        Dataset data = Importer.importData(ImportRequest.of(ImportFormat.ML100K, file)
                .withItems(shared().resolve("ml-100k/u.item"))).dataset();
        SasRecConfig cfg = ML100K.withRefit(refit());
        List<ModelSpec<?>> more = new ArrayList<>();
        more.add(named("sasrec-context", new SasRecSpec(cfg.withContext(true))));
        if (Boolean.parseBoolean(System.getProperty("whyrec.it.textInit", "true"))) {
            // MiniLM (all-MiniLM-L6-v2, quantised, in process) embeddings of "title + genres", cached under target/
            List<String> texts = ItemTexts.of(data.catalog());
            ItemEmbeddings emb = ItemEmbeddings.of(data.catalog(), Embedder.of(EmbeddingConfig.defaults()
                    .withCacheDir(Path.of("target", "embeddings")), texts), Progress.NONE);
            float[][] vectors = new float[data.numItems()][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = emb.vector(i);
            }
            System.out.printf(Locale.ROOT, "text vectors: %s, %d x %d%n", emb.model(), vectors.length,
                    emb.dimension());
            more.add(named("sasrec-text", new SasRecSpec(cfg, train -> vectors)));
            more.add(named("sasrec-text-context", new SasRecSpec(cfg.withContext(true), train -> vectors)));
        }
        // the transformer is the SASRec variant with the best validation NDCG@10 (chosen without test data)
        Map<String, Recommender> fitted = run("ml-100k", data, cfg, new EaseSpec(), null,
                more.toArray(new ModelSpec<?>[0]));
        explanationQuality(data, (SasRec) fitted.get("sasrec"));
    }

    /**
     * Only the explanation quality of the ML-100K model: plain SASRec (settings of {@link #ml100k}) trained on the
     * leave-one-out training part, then {@link #explanationQuality}.
     */
    @Test
    void ml100kExplanations() {
        Path file = shared().resolve("ml-100k/u.data");
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " not found");
        Dataset data = Importer.importData(ImportRequest.of(ImportFormat.ML100K, file)).dataset();
        SasRecConfig cfg = ML100K.withRefit(refit());
        Recommender model = new SasRecSpec(cfg).fit(new LeaveOneOutProtocol(data, 10).train(), cfg, LINES);
        explanationQuality(data, (SasRec) model);
    }

    /** A spec under another model name (to report two SASRec variants side by side). */
    private static <C> ModelSpec<C> named(String name, ModelSpec<C> spec) {
        return new ModelSpec<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public C defaults() {
                return spec.defaults();
            }

            @Override
            public List<C> tuningGrid() {
                return spec.tuningGrid();
            }

            @Override
            public C configure(Map<String, String> overrides) {
                return spec.configure(overrides);
            }

            @Override
            public Recommender fit(Dataset train, C config, Progress progress) {
                return spec.fit(train, config, progress);
            }
        };
    }

    /**
     * Amazon Beauty (S3-Rec sequences, line order is time order): SASRec with maxLen 50, batch 128, full softmax
     * over the 12,101 items (19-26 s per epoch with 1 PyTorch thread here), refitted on the validation items after
     * early stopping, dropout and learning rate from {@code whyrec.it.beautyDropout} / {@code whyrec.it.beautyLr}
     * (default 0.5 and 0.002, the measured run: NDCG@10 0.0607 against EASE's 0.0445, see docs/neural.md; about
     * 50 min). EASE is the same closed form with PyTorch's inverse ({@link TorchEaseSpec}, about 1-2.5 min per
     * 12,101-item fit instead of more than 7 with the core solver here), lambda chosen on the validation item from
     * {@code whyrec.it.easeGrid} (default 25,50,...,800; the measured runs used 25,50,100 to save time: 50 was best,
     * as it was in an earlier run over 50..800). {@code whyrec.it.beautyNegatives=k} switches SASRec to a sampled
     * softmax with k negatives (experimental: at k = 1024 its loss became NaN in the first epoch, before non-finite
     * steps were skipped).
     */
    @Test
    void beauty() {
        Path file = shared().resolve("s3rec-sequential/Beauty.txt");
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " not found");
        Dataset data = Importer.importData(ImportRequest.of(ImportFormat.USER_ITEMS, file)).dataset();
        double dropout = Double.parseDouble(System.getProperty("whyrec.it.beautyDropout", "0.5"));
        double lr = Double.parseDouble(System.getProperty("whyrec.it.beautyLr", "2e-3"));
        SasRecConfig cfg = new SasRecConfig(50, 64, 2, 1, dropout, lr, 128, 200, 2, 4, 42L,
                Integer.getInteger("whyrec.it.beautyNegatives", 0), false, refit());
        List<EaseConfig> grid = java.util.Arrays.stream(System.getProperty("whyrec.it.easeGrid",
                "25,50,100,200,400,800").split(",")).map(v -> new EaseConfig(Double.parseDouble(v.trim()))).toList();
        run("beauty", data, cfg, new TorchEaseSpec(grid), "sasrec");
    }

    /**
     * Evaluates popularity, EASE, SASRec and further models, prints the report with paired intervals against EASE
     * and asserts that the model named {@code transformer} beats EASE on NDCG@10 and HR@10; a null name picks the
     * SASRec variant whose validation NDCG@10 (measured in training, on the item before the test item) is highest.
     */
    private static Map<String, Recommender> run(String name, Dataset data, SasRecConfig cfg, ModelSpec<?> ease,
                                                String transformer, ModelSpec<?>... more) {
        LeaveOneOutProtocol protocol = new LeaveOneOutProtocol(data, 10);
        // SASRec before EASE, so that its training progress shows early in the log
        List<ModelSpec<?>> specs = new ArrayList<>(List.of(new PopularitySpec(), new SasRecSpec(cfg), ease));
        specs.addAll(List.of(more));
        Map<String, Recommender> fitted = new HashMap<>();
        long start = System.nanoTime();
        EvaluationReport report = new Evaluator(Evaluator.Options.defaults().withBaseline("ease"))
                .evaluate(protocol, specs, LINES, fitted);
        System.out.printf(Locale.ROOT, "== %s: %d users, %d candidate items, %.0f s%n", name, protocol.users().length,
                protocol.numCandidates(), (System.nanoTime() - start) / 1e9);
        System.out.println(report.toText());
        if (transformer == null) {
            transformer = fitted.entrySet().stream().filter(e -> e.getValue() instanceof SasRec)
                    .max(java.util.Comparator.comparingDouble(e -> ((Number) ((SasRec) e.getValue()).params()
                            .get("validationNdcg10")).doubleValue())).orElseThrow().getKey();
            System.out.println("transformer chosen on validation NDCG@10: " + transformer);
        }
        double sasNdcg = report.result(transformer).metrics().get("NDCG@10");
        double easeNdcg = report.result("ease").metrics().get("NDCG@10");
        double sasHr = report.result(transformer).metrics().get("HR@10");
        double easeHr = report.result("ease").metrics().get("HR@10");
        assertTrue(sasNdcg > easeNdcg && sasHr > easeHr, name + ": " + transformer + " NDCG@10 " + sasNdcg + " HR@10 "
                + sasHr + " vs ease " + easeNdcg + " / " + easeHr);
        return fitted;
    }

    /**
     * The gradient explainers of the fitted model measured by {@link ExplanationEvaluation} beside LIME, KernelSHAP
     * and leave-one-out on the same model: the top-3 recommendations of 30 seeded users, deletion and insertion
     * AUC against 5 seeded random orders (N = 10), counterfactual found rate and PN/PS by an independent re-ranking,
     * stability of LIME and KernelSHAP over 3 seeds for 8 of the users (the gradient methods are deterministic:
     * the same model and history give the same attributions). Then the completeness gap of integrated gradients.
     */
    private static void explanationQuality(Dataset data, SasRec model) {
        LeaveOneOutProtocol protocol = new LeaveOneOutProtocol(data, 10);
        Dataset visible = protocol.train();
        ExplanationEvaluationConfig config = new ExplanationEvaluationConfig(3, 10, 5, 3, 3, 8, 30, 42L,
                List.of("loo", "lime", "shap"), new LimeConfig(500, 0.25, 1e-3), new KernelShapConfig(512, true));
        Map<String, Explainer> gradients = new LinkedHashMap<>();
        IntegratedGradientsExplainer ig = new IntegratedGradientsExplainer(model);
        gradients.put("ig", ig);
        gradients.put("gradxinput", new GradientTimesInputExplainer(model, null));
        gradients.put("attention", new AttentionGradientExplainer(model, null));
        ExplanationEvaluation.Result r = new ExplanationEvaluation(config).evaluate("sasrec", model,
                u -> Histories.binary(visible, u), protocol.users(), null, gradients, Progress.NONE);
        System.out.printf(Locale.ROOT, "== explanation quality on ml-100k sasrec: %d users, %d recommendations (top-3),"
                + " N=10, %.0f s%n", r.users(), r.explanations(), r.seconds());
        System.out.printf(Locale.ROOT, "  %-15s %8s %8s %7s %8s %8s %6s %6s %6s %6s %7s %8s%n", "method", "delAUC",
                "random", "ratio", "insAUC", "random", "cfFnd", "PN", "PS", "stab", "mean ms", "p99 ms");
        for (MethodQuality m : r.methods()) {
            System.out.printf(Locale.ROOT, "  %-15s %8.4f %8.4f %7.3f %8.4f %8.4f %6.3f %6.3f %6.3f %6.3f %7.1f %8.1f%n",
                    m.method(), m.deletionAuc(), m.deletionAucRandom(), m.deletionRatio(), m.insertionAuc(),
                    m.insertionAucRandom(), m.counterfactualFound(), m.pn(), m.ps(), m.stability(), m.meanMillis(),
                    m.p99Millis());
        }
        r.agreement().forEach((k, v) -> System.out.printf(Locale.ROOT, "  kendall tau %s %.3f%n", k, v));
        assertTrue(r.method("ig").deletionAuc() < r.method("ig").deletionAucRandom(),
                "deletion AUC of IG must beat random orders");
        double gapMax = 0;
        double gapSum = 0;
        int gaps = 0;
        SplittableRandom rnd = new SplittableRandom(42);
        ScoringAdapter adapter = new ScoringAdapter(model);
        int[] users = protocol.users();
        for (int i = 0; i < 40; i++) {
            History h = Histories.binary(visible, users[rnd.nextInt(users.length)]);
            if (h.size() == 0) {
                continue;
            }
            for (ScoredItem top : adapter.topK(h, 3, ScoringAdapter.itemsOf(h))) {
                double gap = ig.explain(h, top.item(), 1).fidelity().get(IntegratedGradientsExplainer.COMPLETENESS_GAP);
                gapMax = Math.max(gapMax, gap);
                gapSum += gap;
                gaps++;
            }
        }
        System.out.printf(Locale.ROOT, "  ig completeness gap: mean %.4f, max %.4f over %d explanations%n",
                gapSum / gaps, gapMax, gaps);
        assertTrue(gapSum / gaps < IntegratedGradientsExplainer.TOLERANCE,
                "IG completeness gap mean " + gapSum / gaps + " max " + gapMax);
    }
}
