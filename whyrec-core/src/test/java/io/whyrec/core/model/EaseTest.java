package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class EaseTest {

    /*
     * Tiny fixture (Fixtures.tiny), lambda = 1:
     *   X^T X = [[2,2,1],[2,3,2],[1,2,3]],  G = X^T X + I = [[3,2,1],[2,4,2],[1,2,4]]
     *   det G = 3*(16-4) - 2*(8-2) + 1*(4-4) = 24
     *   P = G^-1 = adj(G)/24 = (1/24) [[12,-6,0],[-6,11,-4],[0,-4,8]]
     *   B[i][j] = -P[i][j]/P[j][j]:
     *     B01 = 6/11, B02 = 0, B10 = 6/12 = 1/2, B12 = 4/8 = 1/2, B20 = 0, B21 = 4/11, diagonal 0
     *   history {item 0 weight 1, item 2 weight 0.5}: s = B[0] + 0.5 B[2] = [0, 6/11 + 2/11, 0] = [0, 8/11, 0]
     */
    @Test
    void matchesClosedFormOnTinyMatrix() {
        for (int threads : new int[] {1, 2}) {
            Ease ease = Ease.fit(Fixtures.tiny(), new EaseConfig(1.0), threads, Progress.NONE);
            double[][] expected = {{0, 6.0 / 11, 0}, {0.5, 0, 0.5}, {0, 4.0 / 11, 0}};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(expected[i][j], ease.weight(i, j), 1e-6, "B[" + i + "][" + j + "]");
                }
            }
            double[] s = new double[3];
            ease.score(Fixtures.history(new int[] {0, 2}, new double[] {1.0, 0.5}), s);
            assertEquals(0.0, s[0], 1e-7);
            assertEquals(8.0 / 11, s[1], 1e-6);
            assertEquals(0.0, s[2], 1e-7);
        }
    }

    @Test
    void contributionsSumExactlyToTheScore() {
        BinaryMatrix x = Fixtures.random(150, 60, 0.1, 7);
        Ease ease = Ease.fit(x, new EaseConfig(5.0), Progress.NONE);
        for (long seed = 0; seed < 5; seed++) {
            History h = Fixtures.randomHistory(60, 12, seed);
            double[] s = new double[60];
            ease.score(h, s);
            for (int j = 0; j < 60; j++) {
                double sum = 0;
                for (double c : ease.contributions(h, j)) {
                    sum += c;
                }
                assertEquals(s[j], sum, 1e-9 * Math.max(1e-12, Math.abs(s[j])), "item " + j);
            }
        }
    }

    /** A long history (the four-row kernel and its remainder loop) scores exactly the summed contributions. */
    @Test
    void longHistoriesMatchTheContributions() {
        int items = 400;
        BinaryMatrix x = Fixtures.random(300, items, 0.05, 9);
        Ease ease = Ease.fit(x, new EaseConfig(5.0), Progress.NONE);
        History h = Fixtures.randomHistory(items, 301, 3);
        assertEquals(301, h.size());
        double[] s = new double[items];
        ease.score(h, s);
        for (int j = 0; j < items; j++) {
            double sum = 0;
            for (double c : ease.contributions(h, j)) {
                sum += c;
            }
            assertEquals(sum, s[j], 1e-9 * Math.max(1e-12, Math.abs(sum)), "item " + j);
        }
    }

    /**
     * The one-pass contributions of a list equal the per-item ones bit for bit, including events of weight 0 (which
     * give 0) and a repeated item in the list.
     */
    @Test
    void contributionsOfAListEqualThePerItemOnesBitForBit() {
        int items = 120;
        Ease ease = Ease.fit(Fixtures.random(200, items, 0.08, 4), new EaseConfig(3.0), Progress.NONE);
        History h = Fixtures.randomHistory(items, 57, 8);
        int[] list = {5, 0, 119, 42, 5, 77};
        double[][] all = ease.contributions(h, list);
        assertEquals(list.length, all.length);
        for (int r = 0; r < list.length; r++) {
            double[] one = ease.contributions(h, list[r]);
            assertEquals(one.length, all[r].length);
            for (int t = 0; t < one.length; t++) {
                assertEquals(Double.doubleToRawLongBits(one[t]), Double.doubleToRawLongBits(all[r][t]),
                        "item " + list[r] + " event " + t);
            }
        }
        double[][] masked = ease.contributions(Fixtures.history(new int[] {0, 2}, new double[] {1.0, 0.0}),
                new int[] {1});
        assertEquals(0.0, masked[0][1]);
        assertEquals(ease.weight(0, 1), masked[0][0], 0.0);
        assertThrows(IllegalArgumentException.class, () -> ease.contributions(h, new int[] {1, items}));
    }

    @Test
    void zeroWeightEventsDoNotCount() {
        Ease ease = Ease.fit(Fixtures.tiny(), new EaseConfig(1.0), Progress.NONE);
        double[] masked = new double[3];
        double[] alone = new double[3];
        ease.score(Fixtures.history(new int[] {0, 2}, new double[] {1.0, 0.0}), masked);
        ease.score(Fixtures.history(new int[] {0}, new double[] {1.0}), alone);
        assertEquals(alone[1], masked[1], 0.0);
        assertEquals(0.0, ease.contributions(Fixtures.history(new int[] {0, 2}, new double[] {1.0, 0.0}), 1)[1]);
    }

    @Test
    void seenItemsAreExcludedFromTopK() {
        Ease ease = Ease.fit(Fixtures.random(200, 40, 0.15, 3), new EaseConfig(10.0), Progress.NONE);
        History h = Fixtures.randomHistory(40, 8, 11);
        List<ScoredItem> top = ease.recommend(h, 40, Seen.itemsOf(h));
        assertEquals(32, top.size());
        for (ScoredItem s : top) {
            for (int seen : h.items()) {
                assertTrue(s.item() != seen, "seen item " + seen + " was recommended");
            }
        }
        for (int r = 1; r < top.size(); r++) {
            assertTrue(top.get(r - 1).score() >= top.get(r).score());
        }
        double[] all = new double[40];
        ease.score(h, all);
        assertEquals(Recommender.topK(all, 5, Seen.itemsOf(h)), ease.recommend(h, 5, Seen.itemsOf(h)));
    }

    @Test
    void rejectsBadLambdaAndItems() {
        assertThrows(IllegalArgumentException.class, () -> new EaseConfig(0));
        assertThrows(IllegalArgumentException.class, () -> new EaseConfig(Double.NaN));
        Ease ease = Ease.fit(Fixtures.tiny(), new EaseConfig(1.0), Progress.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ease.score(Fixtures.history(new int[] {3}, new double[] {1}), new double[3]));
        assertTrue(e.getMessage().contains("item index 3"), e.getMessage());
    }

    /** The float form's weights agree with the double form's to float accuracy (relative to the largest |B|). */
    @Test
    void theFloatFormAgreesWithTheDoubleForm() {
        BinaryMatrix x = Fixtures.random(300, 150, 0.1, 21);
        Ease dbl = Ease.fit(x, new EaseConfig(5.0).withForm(EaseConfig.Form.DOUBLE, 100), 2, Progress.NONE);
        Ease flt = Ease.fit(x, new EaseConfig(5.0).withForm(EaseConfig.Form.FLOAT, 100), 2, Progress.NONE);
        assertEquals(EaseConfig.Form.DOUBLE, dbl.form());
        assertEquals(EaseConfig.Form.FLOAT, flt.form());
        double maxB = 0;
        double maxErr = 0;
        for (int i = 0; i < 150; i++) {
            for (int j = 0; j < 150; j++) {
                maxB = Math.max(maxB, Math.abs(dbl.weight(i, j)));
                maxErr = Math.max(maxErr, Math.abs(dbl.weight(i, j) - flt.weight(i, j)));
            }
            assertEquals(0.0, flt.weight(i, i), 0.0);
        }
        assertTrue(maxErr < 1e-4 * maxB, "max |Bf - Bd| " + maxErr + " vs max |B| " + maxB);
    }

    /**
     * With every other item as a neighbour (a dense fixture where every pair co-occurs), the sparse form solves
     * the same column regressions as the closed form, so its weights equal the dense ones.
     */
    @Test
    void theSparseFormWithFullNeighbourhoodsEqualsTheDenseForm() {
        int items = 40;
        BinaryMatrix r = Fixtures.random(300, items, 0.3, 5);
        // one more user who has every item, so that every pair co-occurs
        int[][] rows = new int[r.numUsers() + 1][];
        for (int u = 0; u < r.numUsers(); u++) {
            rows[u] = r.row(u);
        }
        rows[r.numUsers()] = java.util.stream.IntStream.range(0, items).toArray();
        BinaryMatrix x = BinaryMatrix.of(items, rows);
        Ease dense = Ease.fit(x, new EaseConfig(4.0).withForm(EaseConfig.Form.DOUBLE, 100), 2, Progress.NONE);
        Ease sparse = Ease.fit(x, new EaseConfig(4.0).withForm(EaseConfig.Form.SPARSE, items), 2, Progress.NONE);
        assertEquals((long) items * (items - 1), sparse.storedWeights(), "every pair co-occurs in this fixture");
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                assertEquals(dense.weight(i, j), sparse.weight(i, j), 1e-6, "B[" + i + "][" + j + "]");
            }
        }
    }

    /**
     * A pruned sparse form keeps at most k weights per column, taken from the most co-occurring items; its scores
     * are exactly the sums of its contributions, and it survives a write and read bit for bit.
     */
    @Test
    void thePrunedSparseFormIsExactAndPersists() throws java.io.IOException {
        int items = 200;
        int k = 7;
        BinaryMatrix x = Fixtures.random(300, items, 0.06, 13);
        Ease ease = Ease.fit(x, new EaseConfig(3.0).withForm(EaseConfig.Form.SPARSE, k), 2, Progress.NONE);
        assertEquals("sparse", ease.params().get("form"));
        assertEquals(k, ease.params().get("neighbours"));
        int[] perColumn = new int[items];
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                if (ease.weight(i, j) != 0) {
                    perColumn[j]++;
                }
            }
            assertEquals(0.0, ease.weight(i, i), 0.0);
        }
        for (int j = 0; j < items; j++) {
            assertTrue(perColumn[j] <= k, "column " + j + " has " + perColumn[j] + " weights");
        }
        History h = Fixtures.randomHistory(items, 40, 2);
        double[] s = new double[items];
        ease.score(h, s);
        int[] all = new int[items];
        for (int j = 0; j < items; j++) {
            all[j] = j;
        }
        double[][] listed = ease.contributions(h, all);
        for (int j = 0; j < items; j++) {
            double sum = 0;
            double[] c = ease.contributions(h, j);
            for (int t = 0; t < c.length; t++) {
                sum += c[t];
                assertEquals(c[t], listed[j][t], 0.0);
            }
            assertEquals(sum, s[j], 1e-9 * Math.max(1e-12, Math.abs(sum)), "item " + j);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ease.writePayload(new java.io.DataOutputStream(bytes));
        Ease back = Ease.readPayload(ease.params(), new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(EaseConfig.Form.SPARSE, back.form());
        double[] s2 = new double[items];
        back.score(h, s2);
        for (int j = 0; j < items; j++) {
            assertEquals(s[j], s2[j], 0.0);
        }
    }

    /** The sparse neighbourhood: the k largest counts, ties to the smaller index, returned in index order. */
    @Test
    void neighboursAreTheMostCoOccurringItems() {
        int[] idx = {1, 3, 4, 8, 9};
        int[] cnt = {5, 2, 5, 2, 7};
        // counts sorted: 7 (9), 5 (1), 5 (4), 2 (3), 2 (8); k = 4 keeps 9, 1, 4 and the first 2, item 3
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 3, 4, 9}, SparseEase.neighbours(idx, cnt, 4));
        org.junit.jupiter.api.Assertions.assertArrayEquals(idx, SparseEase.neighbours(idx, cnt, 9));
    }

    /** A dense form over more items than one array can hold is refused before any work, with a one-line reason. */
    @Test
    void aDenseFormThatCannotFitIsRefusedBeforeTheWork() {
        int items = Ease.DENSE_MAX_ITEMS + 1;
        BinaryMatrix x = BinaryMatrix.of(items, new int[][] {{0, 1}, {1, 2}});
        ModelTooLargeException e = assertThrows(ModelTooLargeException.class,
                () -> Ease.fit(x, new EaseConfig(5.0).withForm(EaseConfig.Form.FLOAT, 10), 1, Progress.NONE));
        assertTrue(e.getMessage().contains("ease.form=sparse") && !e.getMessage().contains("\n"), e.getMessage());
        // the automatic form picks the sparse one for it and fits it
        Ease auto = Ease.fit(x, new EaseConfig(5.0), 1, Progress.NONE);
        assertEquals(EaseConfig.Form.SPARSE, auto.form());
        assertTrue(auto.weight(0, 1) > 0, "items 0 and 1 co-occur");
    }

    /** The heap check names what is needed and what the heap has. */
    @Test
    void theHeapCheckNamesTheNeedAndTheHeap() {
        long tooMuch = Runtime.getRuntime().maxMemory() * 2;
        ModelTooLargeException e = assertThrows(ModelTooLargeException.class,
                () -> HeapCheck.require("ease (dense double, 99,999 items)", tooMuch, "try ease.form=sparse"));
        assertTrue(e.getMessage().startsWith("ease (dense double, 99,999 items) needs " + HeapCheck.gb(tooMuch)),
                e.getMessage());
        assertTrue(e.getMessage().contains("maximum (-Xmx); try ease.form=sparse"), e.getMessage());
        assertEquals(tooMuch, e.neededBytes());
    }
}
