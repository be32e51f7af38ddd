package io.whyrec.neural.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.neural.RuleSequences;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on the rule sequences of {@link RuleSequences}: a tiny model must learn next(x) = (x + 7) mod 20. */
class SasRecTrainerTest {

    /** Tiny network: maxLen 8, dim 16, one block, one head, no dropout, lr 0.01, 25 epochs, checks every 5. */
    static final SasRecConfig TINY = new SasRecConfig(8, 16, 1, 1, 0.0, 0.01, 32, 25, 5, 100, 7L);

    private static SasRecTrainer.Result trained;
    private static final List<String> LINES = new ArrayList<>();

    @BeforeAll
    static void train() {
        Progress p = (task, done, total) -> LINES.add(task);
        trained = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(200, 40, 1), TINY, p);
    }

    @AfterAll
    static void close() {
        trained.model().close();
    }

    @Test
    void lossDecreasesAndOneProgressLinePerEpoch() {
        List<EpochStats> e = trained.epochs();
        // the first epoch starts near ln(20) = 3.0 nats; a learned deterministic rule ends far below
        assertTrue(e.get(0).loss() > 1.5, "first epoch loss " + e.get(0).loss());
        assertTrue(e.get(e.size() - 1).loss() < 0.3 * e.get(0).loss(), "losses " + e);
        assertEquals(e.size(), LINES.size());
        assertTrue(LINES.get(4).contains("validation NDCG@10"), LINES.get(4));
    }

    @Test
    void ranksTheTrueNextItemFirstForMostSequences() {
        int first = rankedFirst(trained.model(), RuleSequences.sequences(100, 99));
        assertTrue(first >= 90, first + " of 100 sequences ranked the true next item first");
        // the validation NDCG@10 kept is that of the restored parameters
        assertTrue(trained.bestNdcg() > 0.9, "best validation NDCG@10 " + trained.bestNdcg());
    }

    @Test
    void probabilitiesArePositiveAndSumToOne() {
        float[] p = trained.model().probabilities(new int[] {1, 4, 13});
        double sum = 0;
        for (float v : p) {
            assertTrue(v > 0);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-4);
    }

    @Test
    void saveAndLoadGiveIdenticalScores(@TempDir Path dir) throws Exception {
        trained.model().save(dir);
        try (SasRec loaded = SasRec.load(dir)) {
            for (int[] s : RuleSequences.sequences(10, 5)) {
                assertArrayEquals(trained.model().probabilities(s), loaded.probabilities(s));
            }
            assertEquals(trained.model().params(), loaded.params());
        }
    }

    @Test
    void seededRunsAreReproducibleAndOtherSeedsDiffer() {
        SasRecConfig short3 = new SasRecConfig(8, 16, 1, 1, 0.1, 0.01, 32, 3, 3, 100, 11L);
        int[] probe = {2, 7, 2};
        float[] a;
        float[] b;
        float[] c;
        try (SasRec m1 = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(64, 8, 3), short3, Progress.NONE).model();
             SasRec m2 = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(64, 8, 3), short3, Progress.NONE).model();
             SasRec m3 = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(64, 8, 3),
                     new SasRecConfig(8, 16, 1, 1, 0.1, 0.01, 32, 3, 3, 100, 12L), Progress.NONE).model()) {
            a = m1.probabilities(probe);
            b = m2.probabilities(probe);
            c = m3.probabilities(probe);
            assertArrayEquals(m1.parameterBytes(), m2.parameterBytes());
        }
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "another seed should give other parameters");
    }

    @Test
    void refitTrainsAFreshModelOnTheValidationItemsTooForTheBestCheckEpochs() {
        SasRecConfig cfg = TINY.withRefit(true);
        List<String> lines = new ArrayList<>();
        try (SasRec m = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(200, 40, 1), cfg,
                (task, done, total) -> lines.add(task)).model()) {
            long early = lines.stream().filter(l -> l.startsWith("sasrec epoch")).count();
            long refit = lines.stream().filter(l -> l.startsWith("sasrec refit epoch")).count();
            assertEquals(25, early);
            assertTrue(refit >= 5 && refit <= 25, lines.toString());
            assertEquals((int) refit, m.params().get("refitEpochs"));
            assertEquals((int) refit, m.params().get("bestEpoch"), "the refit runs for the best check's epochs");
            // the refit model learned the rule (chance is 1 in 20; it runs only the 5 epochs of the first check,
            // which already had validation NDCG@10 1.0)
            int first = rankedFirst(m, RuleSequences.sequences(100, 99));
            assertTrue(first >= 80, first + " of 100; " + lines);
        }
    }

    /** How many test sequences have their true next item ranked first given the items before it. */
    private static int rankedFirst(SasRec model, List<int[]> test) {
        int first = 0;
        for (int[] s : test) {
            float[] p = model.probabilities(s);
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            first += best == RuleSequences.next(s[s.length - 1]) ? 1 : 0;
        }
        return first;
    }
}
