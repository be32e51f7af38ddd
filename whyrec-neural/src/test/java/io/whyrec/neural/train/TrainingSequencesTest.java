package io.whyrec.neural.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.neural.RuleSequences;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Windows, the sampled-softmax option and the spec's parameter checks. */
class TrainingSequencesTest {

    @Test
    void longSequencesAreCutIntoOverlappingWindowsFromTheEnd() {
        // sequence 0..6 (7 items, 6 pairs) with maxLen 3: windows [3,4,5,6] (targets 4,5,6), [0,1,2,3] (targets 1,2,3)
        TrainingSequences s = TrainingSequences.ofSequences(List.of(new int[] {0, 1, 2, 3, 4, 5, 6}), List.of(),
                new int[0]);
        List<int[]> w = s.windows(3);
        assertEquals(2, w.size());
        assertArrayEquals(new int[] {3, 4, 5, 6}, w.get(0));
        assertArrayEquals(new int[] {0, 1, 2, 3}, w.get(1));
        // 8 items: [4..7], [1..4], then [0, 1] for the remaining target 1
        List<int[]> w8 = TrainingSequences.ofSequences(List.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7}), List.of(),
                new int[0]).windows(3);
        assertEquals(3, w8.size());
        assertArrayEquals(new int[] {0, 1}, w8.get(2));
    }

    @Test
    void sampledSoftmaxAlsoLearnsTheRule() {
        SasRecConfig cfg = new SasRecConfig(8, 16, 1, 1, 0.0, 0.01, 32, 25, 25, 100, 7L, 6);
        SasRecTrainer.Result r = SasRecTrainer.train(RuleSequences.N, RuleSequences.data(200, 40, 1), cfg,
                Progress.NONE);
        try (SasRec m = r.model()) {
            int first = 0;
            for (int[] seq : RuleSequences.sequences(50, 99)) {
                float[] p = m.probabilities(seq);
                int best = 0;
                for (int j = 1; j < p.length; j++) {
                    if (p[j] > p[best]) {
                        best = j;
                    }
                }
                first += best == RuleSequences.next(seq[seq.length - 1]) ? 1 : 0;
            }
            assertTrue(first >= 40, first + " of 50");
        }
    }

    @Test
    void specRejectsUnknownKeysAndBadValues() {
        SasRecSpec spec = new SasRecSpec();
        assertEquals(8, spec.configure(Map.of("maxLen", "8")).maxLen());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec.configure(Map.of("layers", "3")));
        assertTrue(e.getMessage().contains("unknown parameter 'layers'"), e.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                () -> spec.configure(Map.of("heads", "3")));
        assertTrue(h.getMessage().contains("heads"), h.getMessage());
        assertEquals("sasrec", spec.name());
        assertEquals(1, spec.tuningGrid().size());
    }

    @Test
    void validationPairsBecomeTrainingSequencesWithTheirTimes() {
        TrainingSequences t = TrainingSequences.ofTimedSequences(List.of(new int[] {1, 2, 3}),
                List.of(new long[] {10, 20, 30}), List.of(new int[] {4}, new int[] {5, 6}),
                List.of(new long[] {40}, new long[] {50, 60}), new int[] {7, 8}, new long[] {70, 80});
        TrainingSequences all = t.withValidationAsTraining();
        // separate validation pairs (as tests build them) are added beside the training sequence
        assertEquals(3, all.train().size());
        assertArrayEquals(new int[] {1, 2, 3}, all.train().get(0));
        assertArrayEquals(new int[] {4, 7}, all.train().get(1));
        assertArrayEquals(new int[] {5, 6, 8}, all.train().get(2));
        assertArrayEquals(new long[] {50, 60, 80}, all.trainTimes().get(2));
        assertEquals(0, all.valTarget().length);
        // built from a dataset, a user's training sequence is their validation history: it is extended, not doubled
        int[] history = {1, 2, 3};
        TrainingSequences same = new TrainingSequences(List.of(history), List.of(history), new int[] {9});
        TrainingSequences extended = same.withValidationAsTraining();
        assertEquals(1, extended.train().size());
        assertArrayEquals(new int[] {1, 2, 3, 9}, extended.train().get(0));
    }
}
