package io.whyrec.text.index;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HNSW retrieval on a synthetic 60,000-item catalogue (seed 42, 384 dimensions like MiniLM, 600 planted
 * clusters in a 24-dimensional latent space mapped to 384 dimensions, since text embeddings have a low intrinsic
 * dimension): recall@10 of asking for 100 and 200 neighbours and cutting to 10, against brute force, and the
 * speed-up per query. Needs no shared data. (On isotropic high-dimensional noise, where every neighbour is about
 * equally far, recall is much lower: 0.49 at k=100 for 600 clusters with per-coordinate noise 0.06.)
 */
@org.junit.jupiter.api.Tag("long")
class HnswRecallIT {

    @Test
    void recallAt10AndSpeedUpOn60kItems() {
        int n = 60_000;
        int d = 384;
        List<float[]> both = SyntheticVectors.lowRank(n + 200, d, 24, 600, 0.15, 42);
        List<float[]> items = both.subList(0, n);
        List<float[]> queries = both.subList(n, n + 200);
        try (VectorIndex index = VectorIndex.build(items)) {
            System.out.printf("HNSW build: %d items x %d dims in %.1f s%n", n, d, index.buildSeconds());
            long t0 = System.nanoTime();
            int[][] exact = new int[queries.size()][];
            for (int q = 0; q < exact.length; q++) {
                exact[q] = BruteForce.search(items, queries.get(q), 10);
            }
            double bruteMs = (System.nanoTime() - t0) / 1e6 / queries.size();
            for (int k : new int[] {100, 200}) {
                for (float[] q : queries.subList(0, 20)) {
                    index.search(q, k); // warm-up
                }
                long t1 = System.nanoTime();
                double recall = 0;
                for (int q = 0; q < exact.length; q++) {
                    int[] ann = Arrays.copyOf(index.search(queries.get(q), k), 10);
                    recall += BruteForce.recall(exact[q], ann, 10);
                }
                double annMs = (System.nanoTime() - t1) / 1e6 / queries.size();
                recall /= queries.size();
                System.out.printf("k=%d: recall@10 %.4f, %.2f ms/query vs brute force %.2f ms/query: speed-up %.1fx%n",
                        k, recall, annMs, bruteMs, bruteMs / annMs);
                assertTrue(recall >= 0.9, "recall@10 " + recall);
                assertTrue(annMs < bruteMs, "HNSW slower than brute force");
            }
        }
    }
}
