package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.Progress;
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
}
