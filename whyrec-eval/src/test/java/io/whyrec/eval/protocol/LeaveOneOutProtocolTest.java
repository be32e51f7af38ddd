package io.whyrec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.api.Progress;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.Histories;
import io.whyrec.eval.TestData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LeaveOneOutProtocolTest {

    private static final double EPS = 1e-9;

    /*
     * u0: items 0, 1, 2, 3 (times 1..4)   -> target 3, history {0, 1, 2}
     * u1: items 1, 4 (times 1, 2)         -> target 4, history {1}
     * u2: item 2 only                     -> no history, not evaluated
     * u3: items 0, 1, 0 (times 1, 2, 3)   -> target 0 repeats a history item, not evaluated
     * Item 5 has no event, so candidates are {0..4}. Imported out of time order on purpose.
     */
    private static Dataset data() {
        return TestData.dataset(4, 6, new int[][] {
            {0, 3, 4}, {0, 0, 1}, {0, 2, 3}, {0, 1, 2},
            {1, 4, 2}, {1, 1, 1},
            {2, 2, 5},
            {3, 0, 1}, {3, 1, 2}, {3, 0, 3}});
    }

    /** Fixed scores; item 5 scores highest but has no event. */
    private static final double[] SCORES = {6, 5, 4, 3, 2, 10};

    @Test
    void lastEventIsTheTargetAndHistoryItemsAreMasked() {
        Map<Integer, int[]> histories = new ConcurrentHashMap<>();
        HistoryFunction recording = (visible, user) -> {
            var h = Histories.binary(visible, user);
            histories.put(user, h.items());
            return h;
        };
        LeaveOneOutProtocol protocol = new LeaveOneOutProtocol(data(), 2,
                EvalSettings.defaults().withHistories(recording));
        assertArrayEquals(new int[] {0, 1}, protocol.users());
        // u2 (a single event) and u3 (a repeated target) have events but are not evaluated
        assertEquals(2, protocol.droppedUsers());
        assertEquals(3, protocol.target(0));
        assertEquals(4, protocol.target(1));
        assertEquals(5, protocol.numCandidates());
        RankingResult r = protocol.evaluate(TestData.fixed("fixed", SCORES), Progress.NONE);
        // the history is every event before the target
        assertArrayEquals(new int[] {0, 1, 2}, histories.get(0));
        assertArrayEquals(new int[] {1}, histories.get(1));
        // u0: masked 0, 1, 2 and 5 (no event) -> [3, 4]; target 3 at rank 1: NDCG 1, MRR 1
        assertArrayEquals(new int[] {3, 4}, r.ranking(0));
        // u1: masked 1 and 5 -> [0, 2]; target 4 missed: 0
        assertArrayEquals(new int[] {0, 2}, r.ranking(1));
        assertArrayEquals(new double[] {1, 0}, r.values("NDCG@2"), EPS);
        assertEquals(0.5, r.mean("HR@2"), EPS);
        // one relevant item: Recall = HR; Precision = hits / 2
        assertEquals(0.5, r.mean("Recall@2"), EPS);
        assertEquals(0.25, r.mean("Precision@2"), EPS);
    }

    @Test
    void validationTargetsAreTheSecondToLastEvents() {
        LeaveOneOutProtocol protocol = new LeaveOneOutProtocol(data(), 2);
        // model train: every event but the last; u2's single event stays (Splits.leaveLastOut)
        assertEquals(10 - 3, protocol.train().numEvents());
        LeaveOneOutProtocol val = protocol.validation(0);
        // u0 -> target 2 (second-to-last), u1 and u2 have one training event, u3 -> target 1 (history {0})
        assertArrayEquals(new int[] {0, 3}, val.users());
        assertEquals(2, val.droppedUsers());
        assertEquals(2, val.target(0));
        assertEquals(1, val.target(1));
        // its model is fitted without the last two events of u0 and u3 and the last of u1
        assertEquals(10 - 3 - 2, val.train().numEvents());
        assertArrayEquals(new int[] {0, 1}, val.train().itemsOf(0));
        // candidates: items with an event in the outer train only: {0, 1, 2}
        assertEquals(3, val.numCandidates());
        RankingResult r = val.evaluate(TestData.fixed("fixed", SCORES), Progress.NONE);
        // u0: masked 0, 1 and non-candidates 3, 4, 5 -> [2] (shorter than K); hit at rank 1
        assertArrayEquals(new int[] {2}, r.ranking(0));
        // u3: masked 0 -> [1, 2]; hit at rank 1
        assertArrayEquals(new int[] {1, 2}, r.ranking(1));
        assertEquals(1.0, r.mean("NDCG@2"), EPS);
    }
}
