package io.whyrec.text.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.api.History;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.text.index.SyntheticVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentModelTest {

    static History history(int[] items, double[] weights) {
        WeightedEvent[] e = new WeightedEvent[items.length];
        for (int t = 0; t < items.length; t++) {
            e[t] = WeightedEvent.unit(items[t], t).withWeight(weights[t]);
        }
        return new History(0, List.of(e));
    }

    @Test
    void handComputedScoresAndContributions() {
        // x0 = (1,0), x1 = (0,1), x2 = (0.6,0.8); item 2 has no interaction (cold).
        // history: item 0 with w=2, item 1 with w=1 -> I = (2,1), ||I|| = sqrt 5 = 2.2360680
        // s0 = 2/sqrt5 = 0.8944272, s1 = 1/sqrt5 = 0.4472136, s2 = (1.2 + 0.8)/sqrt5 = 0.8944272
        // contributions to item 2: event 0: 2 * 0.6 / sqrt5 = 0.5366563, event 1: 1 * 0.8 / sqrt5 = 0.3577709
        ItemEmbeddings x = ItemEmbeddings.of("test", new float[][] {{1, 0}, {0, 2}, {0.6f, 0.8f}}, null);
        ContentModel m = new ContentModel(x, ContentConfig.DEFAULT);
        History h = history(new int[] {0, 1}, new double[] {2, 1});
        double[] s = new double[3];
        m.score(h, s);
        assertEquals(0.8944272, s[0], 1e-6);
        assertEquals(0.4472136, s[1], 1e-6);
        assertEquals(0.8944272, s[2], 1e-6);
        double[] c = m.contributions(h, 2);
        assertEquals(0.5366563, c[0], 1e-6);
        assertEquals(0.3577709, c[1], 1e-6);
        assertEquals(s[2], c[0] + c[1], 1e-12);
        // the cold item is recommended when the seen ones are excluded
        assertEquals(2, m.recommend(h, 1, i -> i < 2).get(0).item());
        // an empty history scores every item 0
        m.score(history(new int[0], new double[0]), s);
        assertEquals(0.0, s[0]);
    }

    @Test
    void contributionsSumToTheScoreOnRandomHistories() {
        List<float[]> v = SyntheticVectors.clustered(300, 16, 5, 0.3, 7);
        ItemEmbeddings x = ItemEmbeddings.of("synthetic", v.toArray(new float[0][]), null);
        ContentModel m = new ContentModel(x, ContentConfig.DEFAULT);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int len = 1 + r.nextInt(12);
            int[] items = r.ints(len, 0, 300).toArray();
            double[] w = r.doubles(len, 0.05, 2).toArray();
            History h = history(items, w);
            double[] s = new double[300];
            m.score(h, s);
            int j = r.nextInt(300);
            double sum = 0;
            for (double c : m.contributions(h, j)) {
                sum += c;
            }
            assertEquals(s[j], sum, 1e-9);
        }
    }

    @Test
    void hnswRetrievalAgreesWithFullScoringOnALargeCatalogue() {
        List<float[]> v = SyntheticVectors.clustered(3000, 32, 30, 0.15, 11);
        ItemEmbeddings x = ItemEmbeddings.of("synthetic", v.toArray(new float[0][]), null);
        ContentModel full = new ContentModel(x, ContentConfig.DEFAULT);
        ContentModel ann = new ContentModel(x, ContentConfig.DEFAULT.withAnn(1000, 150));
        assertEquals(false, full.usesIndex());
        assertEquals(true, ann.usesIndex());
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int hits = 0;
        int total = 0;
        for (int u = 0; u < 50; u++) {
            int[] items = r.ints(5, 0, 3000).toArray();
            History h = history(items, new double[] {1, 1, 1, 1, 1});
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int i : items) {
                seen.add(i);
            }
            List<ScoredItem> exact = full.recommend(h, 10, seen::contains);
            java.util.Set<Integer> approx = new java.util.HashSet<>();
            for (ScoredItem s : ann.recommend(h, 10, seen::contains)) {
                approx.add(s.item());
                assertEquals(false, seen.contains(s.item()));
            }
            for (ScoredItem s : exact) {
                total++;
                hits += approx.contains(s.item()) ? 1 : 0;
            }
        }
        double recall = hits / (double) total;
        System.out.printf("content model HNSW recall@10 vs full scoring (3000 items): %.3f%n", recall);
        assertEquals(1.0, recall, 0.05);
    }

    @Test
    void specParsesOverridesAndRejectsUnknownKeys() {
        ContentSpec spec = new ContentSpec(new EmbeddingSource(io.whyrec.text.embed.EmbeddingConfig.defaults()));
        ContentConfig c = spec.configure(java.util.Map.of("encoder", "hashing", "halfLifeDays", "30",
                "annCandidates", "150"));
        assertEquals(io.whyrec.text.embed.EmbeddingConfig.Choice.HASHING, c.encoder());
        assertEquals(30.0, c.weighting().halfLifeDays(), 1e-9);
        assertEquals(150, c.annCandidates());
        assertEquals(EventWeighting.DEFAULT.alpha(), c.weighting().alpha());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> spec.configure(java.util.Map.of("lambda", "3")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("lambda"), e.getMessage());
    }
}
