package io.whyrec.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.eval.TestData;
import io.whyrec.eval.ToySpec.Config;
import io.whyrec.eval.ToySpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TunerTest {

    private static final Split SPLIT = Splits.randomRatio(TestData.zipf(120, 40, 10, 21), 0.8, 4);

    @Test
    void picksTheConfigurationBestOnValidation() {
        ToySpec spec = new ToySpec("toy", List.of(new Config("anti", -1), new Config("flat", 0),
                new Config("pop", 1)), ToySpec.keys(SPLIT.test()));
        Tuner tuner = new Tuner(new GivenSplitProtocol(SPLIT, 5), 3);
        TunedModel tuned = tuner.fit(spec, true, Progress.NONE);
        assertEquals(3, tuned.tuning().size());
        // the chosen configuration is the argmax of the recorded validation NDCG@5 ...
        double best = Double.NEGATIVE_INFINITY;
        Object bestLabel = null;
        for (Trial t : tuned.tuning()) {
            double v = t.validation().get("NDCG@5");
            if (v > best) {
                best = v;
                bestLabel = t.params().get("label");
            }
        }
        assertEquals(bestLabel, tuned.params().get("label"));
        // ... and on this Zipf data popularity is the best of the three by a margin
        assertEquals("pop", tuned.params().get("label"));
        assertTrue(tuned.tuning().get(2).validation().get("NDCG@5")
                > tuned.tuning().get(0).validation().get("NDCG@5") + 0.05);
        // grid fits on the inner train (smaller), then one final fit on the whole train
        List<Integer> sizes = spec.fittedSizes();
        assertEquals(4, sizes.size());
        for (int g = 0; g < 3; g++) {
            assertTrue(sizes.get(g) < SPLIT.train().numEvents());
        }
        assertEquals(SPLIT.train().numEvents(), sizes.get(3));
    }

    @Test
    void tiesGoToTheFirstConfiguration() {
        ToySpec spec = new ToySpec("toy", List.of(new Config("flat", 0), new Config("first", 1),
                new Config("second", 1)), Set.of());
        TunedModel tuned = new Tuner(new GivenSplitProtocol(SPLIT, 5), 3).fit(spec, true, Progress.NONE);
        assertEquals(tuned.tuning().get(1).validation(), tuned.tuning().get(2).validation());
        assertEquals("first", tuned.params().get("label"));
    }

    @Test
    void withoutTuningTheDefaultsAreFittedOnceOnTrain() {
        ToySpec spec = new ToySpec("toy", List.of(new Config("anti", -1), new Config("pop", 1)), Set.of());
        TunedModel tuned = new Tuner(new GivenSplitProtocol(SPLIT, 5), 3).fit(spec, false, Progress.NONE);
        assertEquals("anti", tuned.params().get("label"));
        assertTrue(tuned.tuning().isEmpty());
        assertEquals(List.of(SPLIT.train().numEvents()), spec.fittedSizes());
    }

    @Test
    void leaveOneOutTuningNeverSeesTheLastEvents() {
        Dataset data = TestData.zipf(60, 30, 8, 8);
        LeaveOneOutProtocol protocol = new LeaveOneOutProtocol(data, 5);
        // forbidden: every user's last event (the test targets)
        Set<String> all = ToySpec.keys(data);
        Set<String> targets = new java.util.HashSet<>(all);
        targets.removeAll(ToySpec.keys(protocol.train()));
        assertEquals(60, targets.size());
        ToySpec spec = new ToySpec("toy", List.of(new Config("anti", -1), new Config("pop", 1)), targets);
        TunedModel tuned = new Tuner(protocol, 1).fit(spec, true, Progress.NONE);
        assertEquals("pop", tuned.params().get("label"));
        // grid fits without the last two events per user; final fit without the last one
        assertEquals(List.of(60 * 6, 60 * 6, 60 * 7), spec.fittedSizes());
    }

    @Test
    void aSpecFittedOnTestEventsIsCaught() {
        // the guard itself works: forbidding a training event makes the fit fail
        Set<String> someTrain = Set.of(ToySpec.keys(SPLIT.train()).iterator().next());
        ToySpec spec = new ToySpec("toy", List.of(new Config("pop", 1)), someTrain);
        assertThrows(AssertionError.class,
                () -> new Tuner(new GivenSplitProtocol(SPLIT, 5), 3).fit(spec, true, Progress.NONE));
    }

    /** A spec whose configurations labelled "refuses" cannot read the data, as rating heat over play counts. */
    private static io.whyrec.core.model.ModelSpec<Config> refusing(List<Config> grid) {
        ToySpec toy = new ToySpec("toy", grid, Set.of());
        return new io.whyrec.core.model.ModelSpec<>() {
            public String name() {
                return "toy";
            }

            public Config defaults() {
                return grid.get(0);
            }

            public List<Config> tuningGrid() {
                return grid;
            }

            public Config configure(java.util.Map<String, String> overrides) {
                return grid.get(0);
            }

            public io.whyrec.api.Recommender fit(io.whyrec.core.data.Dataset train, Config config, Progress p) {
                if (config.label().equals("refuses")) {
                    throw new IllegalArgumentException("value 1740.0 is outside [0, maxRating=5.0]");
                }
                return toy.fit(train, config, p);
            }
        };
    }

    @Test
    void aConfigurationThatCannotReadTheDataIsSkippedAndReported() {
        var spec = refusing(List.of(new Config("refuses", 1), new Config("flat", 0), new Config("pop", 1)));
        TunedModel tuned = new Tuner(new GivenSplitProtocol(SPLIT, 5), 3).fit(spec, true, Progress.NONE);
        assertEquals("pop", tuned.params().get("label"));
        assertEquals(3, tuned.tuning().size());
        Trial skipped = tuned.tuning().get(0);
        assertTrue(skipped.validation().isEmpty());
        assertTrue(String.valueOf(skipped.params().get("skipped")).contains("outside [0, maxRating=5.0]"),
                skipped.toString());
        var none = refusing(List.of(new Config("refuses", 1), new Config("refuses", -1)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Tuner(new GivenSplitProtocol(SPLIT, 5), 3).fit(none, true, Progress.NONE));
        assertTrue(e.getMessage().contains("no configuration of the tuning grid can read this data"), e.getMessage());
    }
}
