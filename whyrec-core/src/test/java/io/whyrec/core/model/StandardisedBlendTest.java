package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import org.junit.jupiter.api.Test;

class StandardisedBlendTest {

    /** A part {@code p_j = sum_t w_t M[i_t][j]} over a fixed matrix, its centred shares computed from row means. */
    record MatrixPart(double[][] m) implements StandardisedBlend.Part {

        double rowMean(int i) {
            return StandardisedBlend.mean(m[i]);
        }

        @Override
        public double score(History history, double[] out) {
            java.util.Arrays.fill(out, 0.0);
            double mean = 0;
            for (WeightedEvent ev : history.events()) {
                for (int j = 0; j < out.length; j++) {
                    out[j] += ev.weight() * m[ev.item()][j];
                }
                mean += ev.weight() * rowMean(ev.item());
            }
            return mean;
        }

        @Override
        public double[][] centredContributions(History history, int[] items) {
            double[][] c = new double[items.length][history.size()];
            for (int r = 0; r < items.length; r++) {
                for (int t = 0; t < history.size(); t++) {
                    WeightedEvent ev = history.event(t);
                    c[r][t] = ev.weight() * (m[ev.item()][items[r]] - rowMean(ev.item()));
                }
            }
            return c;
        }
    }

    static final MatrixPart P = new MatrixPart(new double[][] {{1, 2, 3}, {0, 1, 0}, {0, 0, 0}});
    static final MatrixPart Q = new MatrixPart(new double[][] {{0, 0, 3}, {2, 0, 1}, {0, 0, 0}});

    @Test
    void oneEventHandComputed() {
        // H = {item 0, weight 1}: p = (1, 2, 3), mean 2, sd sqrt(2/3); q = (0, 0, 3), mean 1, sd sqrt(6/3) = sqrt(2).
        // a = 0.5: s_j = 0.5 (p_j - 2) / sqrt(2/3) + 0.5 (q_j - 1) / sqrt(2)
        //   s_0 = -0.6123724 - 0.3535534 = -0.9659258, s_1 = 0 - 0.3535534, s_2 = 0.6123724 + 0.7071068 = 1.3194792
        StandardisedBlend b = new StandardisedBlend("t", P, Q, 0.5, 3);
        History h = Fixtures.history(new int[] {0}, new double[] {1});
        double[] s = new double[3];
        b.score(h, s);
        assertArrayEquals(new double[] {-0.9659258, -0.3535534, 1.3194792}, s, 1e-7);
        double[][] c = b.contributions(h, new int[] {2, 0});
        assertEquals(1.3194792, c[0][0], 1e-7);
        assertEquals(-0.9659258, c[1][0], 1e-7);
    }

    @Test
    void contributionsSumToTheScore() {
        StandardisedBlend b = new StandardisedBlend("t", P, Q, 0.3, 3);
        History h = Fixtures.history(new int[] {0, 1, 2, 1}, new double[] {0.5, 2.0, 1.0, -0.7});
        double[] s = new double[3];
        b.score(h, s);
        double[][] c = b.contributions(h, new int[] {0, 1, 2});
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (double v : c[j]) {
                sum += v;
            }
            assertEquals(s[j], sum, 1e-12, "item " + j);
        }
        // item 2 has an all-zero row in both parts, so its event shares are only minus its row means: 0
        assertEquals(0.0, c[0][2], 0.0);
    }

    @Test
    void aConstantPartAddsNothingAndTheEndsAreOnePart() {
        // H = {item 2}: both parts score 0 everywhere (sd 0), so nothing is added
        StandardisedBlend b = new StandardisedBlend("t", P, Q, 0.5, 3);
        double[] s = new double[3];
        b.score(Fixtures.history(new int[] {2}, new double[] {1}), s);
        assertArrayEquals(new double[3], s, 0.0);
        // blend 0 is the standardised first part alone: (p - 2) / sqrt(2/3) for H = {item 0}
        new StandardisedBlend("t", P, Q, 0.0, 3).score(Fixtures.history(new int[] {0}, new double[] {1}), s);
        double sd = Math.sqrt(2.0 / 3.0);
        assertArrayEquals(new double[] {-1 / sd, 0, 1 / sd}, s, 1e-12);
    }

    @Test
    void rejectsABlendOutsideTheUnitIntervalAWrongScoreArrayAndAnItemOutside() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StandardisedBlend("t", P, Q, 1.5, 3));
        assertEquals("t: blend must be in [0, 1], got 1.5", e.getMessage());
        StandardisedBlend b = new StandardisedBlend("t", P, Q, 0.5, 3);
        assertThrows(IllegalArgumentException.class, () -> b.score(Fixtures.history(new int[] {0}, new double[] {1}),
                new double[2]));
        e = assertThrows(IllegalArgumentException.class,
                () -> b.contributions(Fixtures.history(new int[] {0}, new double[] {1}), new int[] {1, 3}));
        assertEquals("t: item index 3 outside 0..2", e.getMessage());
    }
}
