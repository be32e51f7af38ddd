package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsTest {

    @Test
    void findsEveryModelByName() {
        assertEquals(List.of("pop", "itemknn", "ease", "ials", "blend", "profile"), Models.names());
        for (String name : Models.names()) {
            assertEquals(name, Models.require(name).name());
        }
        assertTrue(Models.find("nope").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.require("nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("ease"), e.getMessage());
    }

    @Test
    void parsesOverridesOnTopOfTheDefaults() {
        assertEquals(new EaseConfig(250), new EaseSpec().configure(Map.of("lambda", "250")));
        assertEquals(EaseConfig.defaults(), new EaseSpec().configure(Map.of()));
        assertEquals(new ItemKnnConfig(50, 10), new ItemKnnSpec().configure(Map.of("k", "50")));
        assertEquals(new ItemKnnConfig(100, 0), new ItemKnnSpec().configure(Map.of("shrinkage", "0")));
    }

    @Test
    void rejectsUnknownKeysAndBadValuesWithClearMessages() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new EaseSpec().configure(Map.of("lamda", "1")));
        assertEquals("ease: unknown parameter 'lamda' (known: alpha, beta, dwellCapSeconds, eventTypeWeights, form, "
                + "frequency, halfLifeDays, heat, lambda, lambdaPerDay, maxRating, negativeBelowRating, negativeTypes, "
                + "neighbours, weighting, windowDays)",
                unknown.getMessage());
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
                () -> new EaseSpec().configure(Map.of("lambda", "big")));
        assertEquals("ease: parameter 'lambda' must be a number > 0, got 'big'", notNumber.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new EaseSpec().configure(Map.of("lambda", "0")));
        assertEquals("ease: parameter 'lambda' must be a number > 0, got '0'", zero.getMessage());
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> new ItemKnnSpec().configure(Map.of("k", "2.5")));
        assertEquals("itemknn: parameter 'k' must be an integer >= 1, got '2.5'", k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PopularitySpec().configure(Map.of("k", "1")));
    }

    @Test
    void gridsAreTheDocumentedOnes() {
        // binary lambdas, then formula weightings (WeightedHistoryModelsTest checks their contents)
        assertEquals(16, new EaseSpec().tuningGrid().size());
        assertEquals(new EaseConfig(50), new EaseSpec().tuningGrid().get(0));
        assertEquals(18, new ItemKnnSpec().tuningGrid().size());
        assertEquals(1, new PopularitySpec().tuningGrid().size());
    }
}
