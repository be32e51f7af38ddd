package io.whyrec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.eval.TestData;
import org.junit.jupiter.api.Test;

class ProtocolSpecTest {

    private static final Dataset DATA = TestData.zipf(40, 30, 10, 5);

    @Test
    void parsesEveryFormAndNamesWhatIsWrong() {
        assertEquals(new ProtocolSpec.Given(), ProtocolSpec.parse("given", false, 1));
        assertEquals(new ProtocolSpec.LeaveOneOut(), ProtocolSpec.parse("loo", false, 1));
        assertEquals(new ProtocolSpec.LeaveOneOut(), ProtocolSpec.parse(" leave-one-out ", false, 1));
        assertEquals(new ProtocolSpec.RandomRatio(0.75, 9), ProtocolSpec.parse("random:0.75", false, 9));
        assertEquals(new ProtocolSpec.Temporal(100), ProtocolSpec.parse("temporal:100", false, 9));
        assertEquals(new ProtocolSpec.Given(), ProtocolSpec.parse(null, true, 9));
        assertEquals(new ProtocolSpec.RandomRatio(0.8, 9), ProtocolSpec.parse(null, false, 9));
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> ProtocolSpec.parse("leave-last-out", false, 1)).getMessage();
        assertTrue(unknown.contains("'leave-last-out'") && unknown.contains("loo"), unknown);
        String ratio = assertThrows(IllegalArgumentException.class,
                () -> ProtocolSpec.parse("random:x", false, 1)).getMessage();
        assertTrue(ratio.contains("random:RATIO") && ratio.contains("'x'"), ratio);
        assertThrows(IllegalArgumentException.class, () -> ProtocolSpec.parse("random:1.5", false, 1));
        String time = assertThrows(IllegalArgumentException.class,
                () -> ProtocolSpec.parse("temporal:1.5", false, 1)).getMessage();
        assertTrue(time.contains("'1.5'"), time);
        String given = assertThrows(IllegalArgumentException.class, () -> new ProtocolSpec.Given()
                .build(DATA, null, 10, EvalSettings.defaults())).getMessage();
        assertTrue(given.contains("--test"), given);
        // text() reads back to the same spec
        for (String s : new String[] {"given", "loo", "random:0.6", "temporal:77"}) {
            assertEquals(s, ProtocolSpec.parse(s, true, 3).text());
        }
    }

    @Test
    void aRandomSplitIsValidatedOnARandomSplitOfTrainWithTheSameRatio() {
        EvaluationProtocol outer = new ProtocolSpec.RandomRatio(0.6, 3).build(DATA, null, 5, EvalSettings.defaults());
        Split expected = Splits.randomRatio(DATA, 0.6, 3);
        assertEquals(expected.train().numEvents(), outer.train().numEvents());
        EvaluationProtocol val = outer.validation(11);
        Split inner = Splits.randomRatio(outer.train(), 0.6, 11);
        assertEquals(inner.train().numEvents(), val.train().numEvents());
        assertTrue(val.splitName().endsWith("random:0.6 seed=11"), val.splitName());
        // not the default carving (0.8 of train kept)
        assertTrue(val.train().numEvents() < Splits.randomRatio(outer.train(), 0.8, 11).train().numEvents());
    }

    @Test
    void aTemporalCutIsValidatedOnATemporalCutOfTrainHoldingTheSameShare() {
        // timestamps 1..400, one per event: the cut at 301 holds out a quarter of the events
        EvaluationProtocol outer = new ProtocolSpec.Temporal(301).build(DATA, null, 5, EvalSettings.defaults());
        assertEquals(300, outer.train().numEvents());
        GivenSplitProtocol val = (GivenSplitProtocol) outer.validation(11);
        // a quarter of the 300 training events: the cut at the 226th timestamp, 225 events left to fit on
        assertEquals(225, val.train().numEvents());
        assertEquals(75, val.split().test().numEvents());
        assertTrue(val.splitName().endsWith("temporal:226"), val.splitName());
        // the validation data never reaches past the outer cut
        for (int e = 0; e < val.split().test().numEvents(); e++) {
            assertTrue(val.split().test().timestamp(e) < 301);
        }
    }

    @Test
    void leaveOneOutBuildsTheLeaveOneOutProtocolAndGivenTheGivenSplit() {
        assertInstanceOf(LeaveOneOutProtocol.class,
                new ProtocolSpec.LeaveOneOut().build(DATA, null, 5, EvalSettings.defaults()));
        Split given = Splits.randomRatio(DATA, 0.5, 1);
        EvaluationProtocol p = new ProtocolSpec.Given().build(given.train(), given, 5, EvalSettings.defaults());
        assertEquals(given.train().numEvents(), p.train().numEvents());
        assertEquals(given.name(), p.splitName());
    }

    @Test
    void usersWithoutARelevantTestItemAreCounted() {
        // u0's test item is in its training part, u1's is new, u2 has no test event
        Split split = TestData.split(3, 4, new int[][] {{0, 0, 1}, {0, 1, 2}, {1, 0, 1}, {2, 2, 1}},
                new int[][] {{0, 1, 3}, {1, 1, 2}});
        GivenSplitProtocol p = new GivenSplitProtocol(split, 2);
        assertEquals(1, p.users().length);
        assertEquals(1, p.droppedUsers());
    }
}
