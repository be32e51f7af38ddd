package io.whyrec.neural.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.WeightedEvent;
import io.whyrec.neural.explain.IntegratedGradientsExplainer;
import io.whyrec.neural.model.ContextFeatures;
import io.whyrec.neural.model.SasRec;
import io.whyrec.neural.model.SasRecConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Context features on sequences whose next item depends on the time of the latest event: after an event before
 * noon (UTC) the next item is {@code x + 7 mod 20}, after one in the afternoon {@code x + 3 mod 20}, event times
 * seeded at random. Only a model that reads the hour can be right every time; one without context can at best
 * guess the more frequent step, about half of the time.
 */
class SasRecContextTest {

    static final int N = 20;
    static final SasRecConfig TINY = new SasRecConfig(8, 16, 1, 1, 0.0, 0.01, 32, 30, 5, 100, 7L);

    record Timed(List<int[]> items, List<long[]> times) {
    }

    static Timed sequences(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<int[]> items = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int len = 4 + rnd.nextInt(5);
            int[] seq = new int[len];
            long[] ts = new long[len];
            seq[0] = rnd.nextInt(N);
            // seeded times within one year of 1,700,000,000 s
            for (int i = 0; i < len; i++) {
                ts[i] = 1_700_000_000L + rnd.nextLong(365L * 86_400L);
                if (i > 0) {
                    seq[i] = (seq[i - 1] + (ContextFeatures.hour(ts[i - 1]) < 12 ? 7 : 3)) % N;
                }
            }
            items.add(seq);
            times.add(ts);
        }
        return new Timed(items, times);
    }

    static TrainingSequences data() {
        Timed train = sequences(300, 1);
        Timed val = sequences(40, 2);
        List<int[]> vh = new ArrayList<>();
        List<long[]> vt = new ArrayList<>();
        int[] targets = new int[val.items().size()];
        long[] targetTimes = new long[targets.length];
        for (int i = 0; i < targets.length; i++) {
            int[] v = val.items().get(i);
            targetTimes[i] = val.times().get(i)[v.length - 1];
            vh.add(java.util.Arrays.copyOf(v, v.length - 1));
            vt.add(java.util.Arrays.copyOf(val.times().get(i), v.length - 1));
            targets[i] = v[v.length - 1];
        }
        return TrainingSequences.ofTimedSequences(train.items(), train.times(), vh, vt, targets, targetTimes);
    }

    /** Share of test sequences whose true last item is ranked first given the items (and times) before it. */
    static double top1(SasRec model) {
        Timed test = sequences(200, 99);
        int right = 0;
        for (int s = 0; s < test.items().size(); s++) {
            int[] seq = test.items().get(s);
            long[] ts = test.times().get(s);
            int m = seq.length - 1;
            float[] p = model.probabilities(java.util.Arrays.copyOf(seq, m), java.util.Arrays.copyOf(ts, m));
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            right += best == seq[m] ? 1 : 0;
        }
        return right / (double) test.items().size();
    }

    @Test
    void onlyTheModelWithContextLearnsTheTimeDependentRule(@TempDir Path dir) throws Exception {
        TrainingSequences data = data();
        try (SasRec plain = SasRecTrainer.train(N, data, TINY, Progress.NONE).model();
             SasRec timed = SasRecTrainer.train(N, data, TINY.withContext(true), Progress.NONE).model()) {
            double a = top1(plain);
            double b = top1(timed);
            assertTrue(b > 0.9, "with context: top-1 " + b);
            assertTrue(a < 0.7, "without context: top-1 " + a);
            // saved and loaded, the context model gives the same scores, and score(History) reads event times
            timed.save(dir);
            try (SasRec loaded = SasRec.load(dir)) {
                assertTrue(loaded.config().context());
                int[] items = {3, 10, 13};
                long[] times = {1_700_000_000L, 1_700_050_000L, 1_700_090_000L};
                float[] p = timed.probabilities(items, times);
                assertArrayEquals(p, loaded.probabilities(items, times));
                List<WeightedEvent> events = new ArrayList<>();
                for (int i = 0; i < items.length; i++) {
                    events.add(WeightedEvent.unit(items[i], times[i]));
                }
                double[] out = new double[N];
                History h = new History(0, events);
                loaded.score(h, out);
                for (int j = 0; j < N; j++) {
                    assertEquals(p[j], out[j], 1e-7);
                }
                // integrated gradients read the same times: f(x) is the model's score, completeness holds
                Explanation x = new IntegratedGradientsExplainer(loaded).explain(h, 16, 1);
                assertEquals(p[16], x.score(), 1e-5);
                assertTrue(x.fidelity().get(IntegratedGradientsExplainer.COMPLETENESS_GAP)
                        <= IntegratedGradientsExplainer.TOLERANCE, "gap " + x.fidelity());
            }
        }
    }

    @Test
    void contextWithoutTimestampsIsRefused() {
        TrainingSequences untimed = TrainingSequences.ofSequences(List.of(new int[] {1, 2, 3}), List.of(new int[] {1}),
                new int[] {2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SasRecTrainer.train(N, untimed, TINY.withContext(true), Progress.NONE));
        assertTrue(e.getMessage().contains("timestamps"), e.getMessage());
    }

    @Test
    void theSpecReadsTheContextKey() {
        assertTrue(new SasRecSpec().configure(Map.of("context", "true")).context());
        assertThrows(IllegalArgumentException.class, () -> new SasRecSpec().configure(Map.of("context", "yes")));
    }
}
