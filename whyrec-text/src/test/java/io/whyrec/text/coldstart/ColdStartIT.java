package io.whyrec.text.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import io.whyrec.core.model.PopularitySpec;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.eval.Evaluator;
import io.whyrec.eval.protocol.EvalSettings;
import io.whyrec.eval.protocol.FixedSpec;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.report.Comparison;
import io.whyrec.eval.report.EvaluationReport;
import io.whyrec.eval.report.ModelResult;
import io.whyrec.text.embed.EmbeddingConfig;
import io.whyrec.text.model.ContentModel;
import io.whyrec.text.model.ContentSpec;
import io.whyrec.text.model.EmbeddingSource;
import io.whyrec.text.model.HybridConfig;
import io.whyrec.text.model.HybridSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cold-start acceptance run on ML-1M (CoLaKG implicit split) with the LLM-written item descriptions:
 * 20% of the items (seed 42) are held out entirely. Cold items: users with cold test items are ranked over the
 * cold items only; content (all-MiniLM-L6-v2) must beat popularity (every cold count is 0; ties in a seeded
 * random order). Warm items: the given-split protocol over items with training events; the hybrid must not be
 * worse than EASE (paired 95% bootstrap interval of the NDCG@10 difference).
 */
@org.junit.jupiter.api.Tag("long")
public class ColdStartIT {

    public static final Path DATA = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"));
    /** The project's embedding cache (the module runs in whyrec-text/, the project's data/ is one up). */
    public static final Path CACHE = Path.of("..", "data", "cache", "embeddings");

    public static Split ml1mWithDescriptions() {
        Path dir = DATA.resolve("ml-1m-colakg-implicit");
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: ../shared/data not found");
        return Importer.importData(ImportRequest.of(ImportFormat.USER_ITEMS, dir.resolve("train.txt"))
                .withTest(dir.resolve("test.txt"))
                .withItemMap(dir.resolve("item_map.txt"))
                .withItems(DATA.resolve("ml-1m/movies.dat"))
                .withItemTexts(dir.resolve("llm_response_item.json"))).split();
    }

    /** Popularity with a seeded random order among equal counts. */
    static final class TieBrokenPopularity implements ModelSpec<PopularitySpec.Config> {
        final PopularitySpec pop = new PopularitySpec();

        @Override
        public String name() {
            return pop.name();
        }

        @Override
        public PopularitySpec.Config defaults() {
            return pop.defaults();
        }

        @Override
        public List<PopularitySpec.Config> tuningGrid() {
            return pop.tuningGrid();
        }

        @Override
        public PopularitySpec.Config configure(Map<String, String> overrides) {
            return pop.configure(overrides);
        }

        @Override
        public Recommender fit(Dataset train, PopularitySpec.Config config, Progress progress) {
            return new SeededTieBreak(pop.fit(train, config, progress), 42L);
        }
    }

    static final Progress LOG = new Progress() {
        private String last = "";

        @Override
        public void update(String task, long done, long total) {
            if (!task.equals(last) || done == total) {
                System.out.printf("  [%s] %d/%d%n", task, done, total);
                last = task;
            }
        }
    };

    @Test
    void contentBeatsPopularityOnColdItemsAndHybridMatchesEaseOnWarmItems() {
        Split given = ml1mWithDescriptions();
        long texts = java.util.stream.IntStream.range(0, given.train().numItems())
                .filter(i -> !given.train().catalog().item(i).text().isEmpty()).count();
        System.out.printf("items %d (with description %d), users %d%n", given.train().numItems(), texts,
                given.train().numUsers());
        assertTrue(texts > 0.95 * given.train().numItems());

        ColdStartSplit cold = ColdStartSplit.of(given, 0.2, 42L);
        Split s = cold.split();
        int[] trainCounts = s.train().itemCounts();
        cold.cold().stream().forEach(i -> assertEquals(0, trainCounts[i], "cold item with a training event"));
        System.out.printf("cold items %d; train events %d, test events %d%n", cold.cold().cardinality(),
                s.train().numEvents(), s.test().numEvents());

        EmbeddingSource source = new EmbeddingSource(EmbeddingConfig.defaults().withCacheDir(CACHE));
        ContentSpec content = new ContentSpec(source);
        HybridSpec hybrid = new HybridSpec(source);
        Models.require("ease");

        long t0 = System.nanoTime();
        ContentModel fitted = (ContentModel) content.fit(s.train(), content.defaults(), LOG);
        System.out.printf("embedding: %s (%.1f s wall)%n", fitted.embeddings().run().summary(),
                (System.nanoTime() - t0) / 1e9);

        // warm items
        Evaluator evaluator = new Evaluator(Evaluator.Options.defaults().withBaseline("ease"));
        EvaluationReport warm = evaluator.evaluate(new GivenSplitProtocol(s, 10, EvalSettings.defaults()),
                List.of(Models.require("ease"), hybrid, content, new TieBrokenPopularity()), LOG);
        System.out.println("=== warm items ===");
        System.out.println(warm.toText());
        Comparison hybridVsEase = comparison(warm, "hybrid", "ease", "NDCG@10");
        System.out.printf("warm NDCG@10 hybrid - ease = %.4f, paired 95%% CI [%.4f, %.4f]%n", hybridVsEase.diff(),
                hybridVsEase.ci95().lo(), hybridVsEase.ci95().hi());
        assertTrue(hybridVsEase.ci95().hi() >= 0, "hybrid significantly worse than EASE on warm items");

        // cold items, with the hybrid's warm-validated configuration
        ModelResult h = warm.result("hybrid");
        HybridConfig chosen = new HybridConfig(((Number) h.params().get("lambda")).doubleValue(),
                ((Number) h.params().get("blend")).doubleValue(), EmbeddingConfig.Choice.AUTO);
        ColdItemProtocol coldProtocol = new ColdItemProtocol(cold, 0.2, 10, EvalSettings.defaults());
        EvaluationReport coldReport = new Evaluator(Evaluator.Options.defaults().withBaseline("pop"))
                .evaluate(coldProtocol, List.of(new TieBrokenPopularity(), content, FixedSpec.of(hybrid, chosen)), LOG);
        System.out.println("=== cold items (" + coldProtocol.numColdItems() + " candidates) ===");
        System.out.println(coldReport.toText());
        Comparison contentVsPop = comparison(coldReport, "content", "pop", "NDCG@10");
        System.out.printf("cold NDCG@10 content - pop = %.4f, paired 95%% CI [%.4f, %.4f]%n", contentVsPop.diff(),
                contentVsPop.ci95().lo(), contentVsPop.ci95().hi());
        assertTrue(contentVsPop.ci95().lo() > 0, "content does not beat popularity on cold items");

        // an explanation of a cold recommendation: the watched items whose text it resembles
        int user = coldProtocol.users()[0];
        History history = HistoryBuilder.build(s.train(), user, fitted.weighting());
        ScoredItem top = fitted.recommend(history, 1, i -> !cold.cold().get(i)).get(0);
        double[] c = fitted.contributions(history, top.item());
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < c.length; t++) {
            order.add(t);
        }
        order.sort(Comparator.comparingDouble(t -> -c[t]));
        String because = s.train().catalog().title(history.event(order.get(0)).item()) + " and "
                + s.train().catalog().title(history.event(order.get(1)).item());
        System.out.printf("user %s, cold item \"%s\" (score %.3f): similar to %s, which you watched%n",
                s.train().users().id(user), s.train().catalog().title(top.item()), top.score(), because);
        double sum = java.util.Arrays.stream(c).sum();
        assertEquals(top.score(), sum, 1e-9);
        assertFalse(because.isBlank());
    }

    static Comparison comparison(EvaluationReport report, String model, String baseline, String metric) {
        return report.comparisons().stream()
                .filter(c -> c.model().equals(model) && c.baseline().equals(baseline) && c.metric().equals(metric))
                .findFirst().orElseThrow();
    }
}
