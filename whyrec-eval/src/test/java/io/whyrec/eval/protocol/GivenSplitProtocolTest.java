package io.whyrec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.profile.Histories;
import io.whyrec.eval.TestData;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class GivenSplitProtocolTest {

    private static final double EPS = 1e-9;

    /*
     * 3 users, 6 items. train: u0 {0, 1}; u1 {1, 2}; u2 {0, 3, 4}. Item 5 has no training event, so the
     * candidates are {0..4}. test: u0 {2, 5} -> relevant {2} (5 is no candidate); u1 {1} -> already in train,
     * so u1 is not evaluated; u2 {1, 2} -> relevant {1, 2}.
     */
    private static Split split() {
        return TestData.split(3, 6,
                new int[][] {{0, 0, 1}, {0, 1, 2}, {1, 1, 3}, {1, 2, 4}, {2, 0, 5}, {2, 3, 6}, {2, 4, 7}},
                new int[][] {{0, 2, 8}, {0, 5, 9}, {1, 1, 10}, {2, 1, 11}, {2, 2, 12}});
    }

    /** Fixed scores: item 5 is highest but no candidate. */
    private static final double[] SCORES = {9, 1, 5, 8, 2, 10};

    @Test
    void relevantSetsAndUsersFollowTheProtocol() {
        GivenSplitProtocol protocol = new GivenSplitProtocol(split(), 2);
        assertArrayEquals(new int[] {0, 2}, protocol.users());
        assertEquals(Set.of(2), protocol.relevant(0));
        assertEquals(Set.of(1, 2), protocol.relevant(1));
        assertEquals(5, protocol.numCandidates());
    }

    @Test
    void handComputedMetricsOnAFixedScoreVector() {
        GivenSplitProtocol protocol = new GivenSplitProtocol(split(), 2);
        RankingResult r = protocol.evaluate(TestData.fixed("fixed", SCORES), Progress.NONE);
        // u0: excluded 0, 1 (train) and 5 (no candidate); left 2 (5), 3 (8), 4 (2) -> top-2 [3, 2]
        assertArrayEquals(new int[] {3, 2}, r.ranking(0));
        // u2: excluded 0, 3, 4 and 5; left 1 (1), 2 (5) -> [2, 1]
        assertArrayEquals(new int[] {2, 1}, r.ranking(1));
        // u0: hit at rank 2 of 1 relevant: Recall 1, NDCG 1/log2(3) = 0.630930, HR 1, MRR 1/2, Precision 1/2
        // u2: hits at ranks 1, 2 of 2 relevant: all 1
        double ndcgU0 = Math.log(2) / Math.log(3);
        assertArrayEquals(new double[] {ndcgU0, 1.0}, r.values("NDCG@2"), EPS);
        assertEquals(1.0, r.mean("Recall@2"), EPS);
        assertEquals((0.630930 + 1) / 2, r.mean("NDCG@2"), 1e-6);
        assertEquals(1.0, r.mean("HR@2"), EPS);
        assertEquals(0.75, r.mean("MRR@2"), EPS);
        assertEquals(0.75, r.mean("Precision@2"), EPS);
        // Coverage: distinct {3, 2, 1} of 5 candidates = 0.6
        assertEquals(0.6, r.mean("Coverage@2"), EPS);
        // Novelty: 3 training users; user popularity item1 = 2, items 2, 3 = 1.
        // slots 3, 2, 2, 1 -> (3 * log2(3) + log2(3/2)) / 4 = (4.754888 + 0.584963) / 4 = 1.334963
        assertEquals(1.334963, r.mean("Novelty@2"), 1e-6);
        assertEquals(java.util.List.of("Recall@2", "NDCG@2", "HR@2", "MRR@2", "Precision@2", "Coverage@2",
                "Novelty@2"), java.util.List.copyOf(r.summary().keySet()));
    }

    @Test
    void historyFunctionIsCalledOnTrainForEveryEvaluatedUser() {
        Map<Integer, Integer> seen = new ConcurrentHashMap<>();
        Split split = split();
        HistoryFunction recording = (visible, user) -> {
            assertEquals(split.train().numEvents(), visible.numEvents());
            seen.merge(user, 1, Integer::sum);
            return Histories.binary(visible, user);
        };
        new GivenSplitProtocol(split, 2, EvalSettings.defaults().withHistories(recording))
                .evaluate(TestData.fixed("fixed", SCORES), Progress.NONE);
        assertEquals(Map.of(0, 1, 2, 1), seen);
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        Split split = Splits.randomRatio(TestData.zipf(300, 60, 12, 3), 0.7, 11);
        // a history-dependent scorer: co-occurrence with the history's items over the training data
        Dataset train = split.train();
        double[][] co = new double[60][60];
        for (int u = 0; u < train.numUsers(); u++) {
            int[] items = train.itemsOf(u);
            for (int a : items) {
                for (int b : items) {
                    if (a != b) {
                        co[a][b]++;
                    }
                }
            }
        }
        io.whyrec.api.Recommender cooc = new io.whyrec.api.Recommender() {
            public String name() {
                return "cooc";
            }

            public Map<String, Object> params() {
                return Map.of();
            }

            public int numItems() {
                return 60;
            }

            public void score(History h, double[] out) {
                java.util.Arrays.fill(out, 0);
                for (int i : h.items()) {
                    for (int j = 0; j < 60; j++) {
                        out[j] += co[i][j];
                    }
                }
            }
        };
        RankingResult one = new GivenSplitProtocol(split, 10, EvalSettings.defaults().withThreads(1))
                .evaluate(cooc, Progress.NONE);
        RankingResult two = new GivenSplitProtocol(split, 10, EvalSettings.defaults().withThreads(2))
                .evaluate(cooc, Progress.NONE);
        assertTrue(one.numUsers() > 250);
        assertEquals(one.summary(), two.summary());
        for (String m : one.perUserMetrics()) {
            assertArrayEquals(one.values(m), two.values(m), 0.0);
        }
        for (int p = 0; p < one.numUsers(); p++) {
            assertArrayEquals(one.ranking(p), two.ranking(p));
        }
    }

    @Test
    void validationIsCarvedFromTrainOnlyAndSeeded() {
        Split split = Splits.randomRatio(TestData.zipf(40, 30, 10, 5), 0.8, 1);
        GivenSplitProtocol outer = new GivenSplitProtocol(split, 5);
        GivenSplitProtocol val = outer.validation(9);
        // timestamps are unique, so they identify events: inner train + validation part = outer train exactly
        Set<Long> inner = times(val.split().train());
        Set<Long> held = times(val.split().test());
        assertTrue(held.size() > 0 && inner.size() > held.size());
        Set<Long> union = new HashSet<>(inner);
        union.addAll(held);
        assertEquals(times(split.train()), union);
        assertEquals(split.train().numEvents(), inner.size() + held.size());
        for (long t : times(split.test())) {
            assertTrue(!union.contains(t), "test event " + t + " reached the validation protocol");
        }
        // seeded: the same seed gives the same validation users, another seed other ones
        assertArrayEquals(val.users(), outer.validation(9).users());
        assertEquals(held, times(outer.validation(9).split().test()));
        assertTrue(!held.equals(times(outer.validation(10).split().test())));
    }

    private static Set<Long> times(Dataset d) {
        Set<Long> out = new HashSet<>();
        for (int e = 0; e < d.numEvents(); e++) {
            out.add(d.timestamp(e));
        }
        return out;
    }

    @Test
    void mismatchedIndicesAndBadKAreRejected() {
        Split bad = new Split(TestData.dataset(2, 3, new int[][] {{0, 0, 1}}),
                TestData.dataset(2, 4, new int[][] {{0, 1, 2}}), "bad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GivenSplitProtocol(bad, 10));
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("share"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GivenSplitProtocol(split(), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new GivenSplitProtocol(split(), 2).evaluate(TestData.fixed("short", 1, 2), Progress.NONE));
    }
}
