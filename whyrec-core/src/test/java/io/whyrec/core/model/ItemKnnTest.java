package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import org.junit.jupiter.api.Test;

class ItemKnnTest {

    /*
     * Tiny fixture (Fixtures.tiny): |U0| = 2, |U1| = 3, |U2| = 3; common (0,1) = 2, (0,2) = 1, (1,2) = 2.
     * shrinkage 1:  S01 = 2 / (sqrt(2)*sqrt(3) + 1) = 2 / 3.449490 = 0.579796
     *               S02 = 1 / 3.449490 = 0.289898
     *               S12 = 2 / (sqrt(3)*sqrt(3) + 1) = 2 / 4 = 0.5
     * shrinkage 0:  S01 = 2 / 2.449490 = 0.816497, S02 = 0.408248, S12 = 2/3
     * k = 1 keeps the best per row: row 0 -> item 1 (0.5798 > 0.2899), row 1 -> item 0 (0.5798 > 0.5),
     *               row 2 -> item 1 (0.5 > 0.2899).
     * history {0 (w 1), 2 (w 2)}, k = 1, shrinkage 1: s = [0, 0.579796 + 2 * 0.5, 0] = [0, 1.579796, 0]
     */
    @Test
    void shrunkCosineOnTheTinyFixture() {
        ItemKnn full = ItemKnn.fit(Fixtures.tiny(), new ItemKnnConfig(10, 1.0), Progress.NONE);
        assertEquals(0.579796, full.weight(0, 1), 1e-6);
        assertEquals(0.579796, full.weight(1, 0), 1e-6);
        assertEquals(0.289898, full.weight(0, 2), 1e-6);
        assertEquals(0.5, full.weight(1, 2), 1e-7);
        assertEquals(0.0, full.weight(1, 1), 0.0);
        ItemKnn plain = ItemKnn.fit(Fixtures.tiny(), new ItemKnnConfig(10, 0.0), Progress.NONE);
        assertEquals(0.816497, plain.weight(0, 1), 1e-6);
        assertEquals(0.408248, plain.weight(2, 0), 1e-6);
        assertEquals(2.0 / 3, plain.weight(2, 1), 1e-7);
    }

    @Test
    void topKTruncationKeepsTheBestNeighbourPerRow() {
        ItemKnn knn = ItemKnn.fit(Fixtures.tiny(), new ItemKnnConfig(1, 1.0), Progress.NONE);
        assertArrayEquals(new int[] {1}, knn.neighbours(0));
        assertArrayEquals(new int[] {0}, knn.neighbours(1));
        assertArrayEquals(new int[] {1}, knn.neighbours(2));
        assertEquals(0.0, knn.weight(2, 0), 0.0, "S20 was truncated away");
        double[] s = new double[3];
        knn.score(Fixtures.history(new int[] {0, 2}, new double[] {1.0, 2.0}), s);
        assertArrayEquals(new double[] {0, 1.579796, 0}, s, 1e-6);
    }

    /*
     * Row 1 of the tiny fixture from its counts alone, given in any order and with the diagonal (|U1| = 3) among
     * them: common (1,0) = 2, (1,2) = 2, shrinkage 1, k = 1 -> S10 = 0.579796 beats S12 = 0.5, so item 0 is kept.
     */
    @Test
    void aRowFromCountsCountedElsewhereIsTheFittedRow() {
        double[] norm = {Math.sqrt(2), Math.sqrt(3), Math.sqrt(3)};
        ItemKnn.Neighbours row = ItemKnn.neighbours(1, new int[] {2, 1, 0}, new int[] {2, 3, 2}, 3, norm,
                new ItemKnnConfig(1, 1.0));
        assertArrayEquals(new int[] {0}, row.items());
        ItemKnn fitted = ItemKnn.fit(Fixtures.tiny(), new ItemKnnConfig(1, 1.0), Progress.NONE);
        assertEquals(fitted.weight(1, 0), row.similarities()[0], 0.0);
        ItemKnn rebuilt = ItemKnn.ofNeighbours(3, new ItemKnnConfig(1, 1.0), new ItemKnn.Neighbours[] {
            new ItemKnn.Neighbours(fitted.neighbours(0), new float[] {(float) fitted.weight(0, 1)}), row,
            new ItemKnn.Neighbours(fitted.neighbours(2), new float[] {(float) fitted.weight(2, 1)})});
        double[] a = new double[3];
        double[] b = new double[3];
        History h = Fixtures.history(new int[] {0, 2}, new double[] {1.0, 2.0});
        fitted.score(h, a);
        rebuilt.score(h, b);
        assertArrayEquals(a, b, 0.0);
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ItemKnn.ofNeighbours(3, new ItemKnnConfig(1, 1.0), new ItemKnn.Neighbours[] {
                    new ItemKnn.Neighbours(new int[] {2, 1}, new float[] {0.1f, 0.2f}), row, row}));
        assertEquals("itemknn: item 0 has a bad neighbour index 1", bad.getMessage());
    }

    @Test
    void tiesGoToTheSmallerItemIndex() {
        // item 0 co-occurs once with each of items 1, 2, 3 and all have one user: equal similarities
        BinaryMatrix x = BinaryMatrix.of(4, new int[][] {{0, 1}, {0, 2}, {0, 3}});
        ItemKnn knn = ItemKnn.fit(x, new ItemKnnConfig(2, 0.0), Progress.NONE);
        assertArrayEquals(new int[] {1, 2}, knn.neighbours(0));
    }

    @Test
    void contributionsSumExactlyToTheScore() {
        BinaryMatrix x = Fixtures.random(200, 80, 0.08, 5);
        ItemKnn knn = ItemKnn.fit(x, new ItemKnnConfig(15, 10.0), Progress.NONE);
        for (long seed = 0; seed < 5; seed++) {
            History h = Fixtures.randomHistory(80, 10, seed);
            double[] s = new double[80];
            knn.score(h, s);
            for (int j = 0; j < 80; j++) {
                double sum = 0;
                for (double c : knn.contributions(h, j)) {
                    sum += c;
                }
                assertEquals(s[j], sum, 1e-9 * Math.abs(s[j]), "item " + j);
            }
        }
    }

    @Test
    void matchesABruteForceCosineOnRandomData() {
        BinaryMatrix x = Fixtures.random(120, 30, 0.1, 9);
        ItemKnn knn = ItemKnn.fit(x, new ItemKnnConfig(30, 5.0), Progress.NONE);
        int[][] cols = x.itemUsers();
        for (int a = 0; a < 30; a++) {
            for (int b = 0; b < 30; b++) {
                int common = 0;
                for (int u = 0; u < x.numUsers(); u++) {
                    boolean ha = java.util.Arrays.binarySearch(x.row(u), a) >= 0;
                    boolean hb = java.util.Arrays.binarySearch(x.row(u), b) >= 0;
                    common += ha && hb ? 1 : 0;
                }
                double expected = a == b ? 0 : common / (Math.sqrt(cols[a].length) * Math.sqrt(cols[b].length) + 5.0);
                assertEquals(expected, knn.weight(a, b), 1e-6, a + "," + b);
            }
        }
    }
}
