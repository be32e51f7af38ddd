package io.whyrec.text.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VectorIndexTest {

    @Test
    void findsTheExactNeighboursOfATinyCatalogue() {
        // unit vectors at angles 0, 30, 60, 90, 180 degrees; query at 10 degrees -> order 0, 30, 60, 90, 180
        List<float[]> v = List.of(angle(0), angle(30), angle(60), angle(90), angle(180));
        try (VectorIndex index = VectorIndex.build(v)) {
            int[] got = index.search(angle(10), 5);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, got);
            assertArrayEquals(got, BruteForce.search(v, angle(10), 5));
        }
        assertEquals(0.5, BruteForce.recall(new int[] {1, 2}, new int[] {2, 7}, 2), 1e-12);
    }

    @Test
    void recallAt10IsHighOnAClusteredCatalogue() {
        List<float[]> v = SyntheticVectors.clustered(4000, 32, 40, 0.2, 1);
        List<float[]> queries = SyntheticVectors.clustered(50, 32, 40, 0.2, 1);
        try (VectorIndex index = VectorIndex.build(v)) {
            double recall = 0;
            for (float[] q : queries) {
                int[] ann = index.search(q, 100);
                recall += BruteForce.recall(BruteForce.search(v, q, 10), java.util.Arrays.copyOf(ann, 10), 10);
            }
            recall /= queries.size();
            assertTrue(recall > 0.9, "recall@10 " + recall);
        }
    }

    private static float[] angle(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) Math.cos(r), (float) Math.sin(r)};
    }
}
