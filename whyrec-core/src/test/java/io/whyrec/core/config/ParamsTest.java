package io.whyrec.core.config;

import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.IalsConfig;
import io.whyrec.core.model.ItemKnnConfig;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.profile.EventWeighting;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one settings boundary: every typed reader refuses a bad value in one message form naming the owner and
 * the key, and every configuration's {@code toSettings()} reads back through {@code from(Params)} into an equal
 * configuration, also after the round trip through a model file's JSON numbers ({@link Params#stored}).
 */
class ParamsTest {

    private static final Set<String> KEYS = Set.of("n", "x", "b", "seed", "mode", "types", "weights");

    private static String error(String key, String value, java.util.function.Consumer<Params> read) {
        Params p = Params.of("thing", Map.of(key, value), KEYS);
        return assertThrows(IllegalArgumentException.class, () -> read.accept(p)).getMessage();
    }

    enum Mode { FIRST_ONE, SECOND }

    @Test
    void typedReadersParseAndRefuseInOneForm() {
        Params p = Params.of("thing", Map.of("n", " 7 ", "x", "inf", "b", "TRUE", "seed", "9007199254740993",
                "mode", "first-one", "types", "a|b.c", "weights", "view:0.25|buy:1"), KEYS);
        assertEquals(7, p.intAtLeast("n", 0, 1));
        assertEquals(Double.POSITIVE_INFINITY, p.numberOrInfinity("x", 0, 0, true));
        assertTrue(p.bool("b", false));
        assertEquals(9007199254740993L, p.longValue("seed", 0), "a seed above 2^53 is read exactly");
        assertEquals(Mode.FIRST_ONE, p.choice("mode", Mode.class, Mode.SECOND));
        assertEquals(List.of("a", "b.c"), List.copyOf(p.names("types", Set.of())));
        assertEquals(Map.of("view", 0.25, "buy", 1.0), p.weights("weights", Map.of()));
        assertEquals(3, p.intAtLeast("absent", 3, 1));
        assertEquals("thing: parameter 'n' must be an integer >= 1, got '0'", error("n", "0", q -> q.intAtLeast("n", 1, 1)));
        assertEquals("thing: parameter 'x' must be a number > 0, got 'inf'",
                error("x", "inf", q -> q.number("x", 1, 0, true)));
        assertEquals("thing: parameter 'x' must be a number >= 0.5, got 'NaN'",
                error("x", "NaN", q -> q.number("x", 1, 0.5, false)));
        assertEquals("thing: parameter 'b' must be true or false, got 'yes'", error("b", "yes", q -> q.bool("b", false)));
        assertEquals("thing: parameter 'seed' must be an integer in -9223372036854775808..9223372036854775807, got "
                + "'1.5'", error("seed", "1.5", q -> q.longValue("seed", 0)));
        assertEquals("thing: parameter 'mode' must be one of first-one|second, got 'third'",
                error("mode", "third", q -> q.choice("mode", Mode.class, Mode.SECOND)));
        assertTrue(error("types", "a||b", q -> q.names("types", Set.of())).startsWith("thing: parameter 'types'"));
        assertTrue(error("weights", "view:x", q -> q.weights("weights", Map.of())).startsWith(
                "thing: parameter 'weights'"));
        assertTrue(error("weights", "a:1|a:2", q -> q.weights("weights", Map.of())).endsWith("got 'a:1|a:2'"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Params.of("thing", Map.of("m", "1"), KEYS));
        assertTrue(unknown.getMessage().startsWith("thing: unknown parameter 'm' (known: b, mode, n, "),
                unknown.getMessage());
        assertEquals("thing: parameter 'n' is missing",
                assertThrows(IllegalArgumentException.class, () -> p.require("seed", "n").only(Set.of("seed")).require("n")).getMessage());
    }

    private static final EventWeighting ODD = EventWeighting.DEFAULT.override(Params.of("weighting", Map.of(
            "alpha", "0.1", "beta", "0.35", "halfLifeDays", "37", "frequency", "facet", "windowDays", "14",
            "heat", "event-type", "eventTypeWeights", "view:0.1|share:0.9", "negativeTypes", "hide|skip",
            "maxRating", "10", "negativeBelowRating", "4"), EventWeighting.KEYS));

    @Test
    void everyConfigurationReadsBackWhatItWrites() {
        assertFalse(ODD.equals(EventWeighting.DEFAULT));
        for (EventWeighting w : List.of(EventWeighting.DEFAULT, EventWeighting.BINARY, ODD,
                EventWeighting.DEFAULT.withHalfLifeDays(Double.POSITIVE_INFINITY))) {
            assertEquals(w, EventWeighting.DEFAULT.override(Params.of("w", w.toSettings(), EventWeighting.KEYS)));
            assertEquals(w, EventWeighting.BINARY.override(Params.of("w", w.toSettings(), EventWeighting.KEYS)),
                    "every parameter is written, so the base does not matter");
        }
        for (ItemKnnConfig c : List.of(ItemKnnConfig.defaults(), new ItemKnnConfig(7, 0.5, ODD))) {
            assertEquals(c, ItemKnnConfig.from(Params.of("itemknn", c.toSettings(), ItemKnnConfig.KEYS)));
        }
        for (EaseConfig c : List.of(new EaseConfig(500), new EaseConfig(123.25, ODD, EaseConfig.Form.SPARSE, 17))) {
            assertEquals(c, EaseConfig.from(Params.of("ease", c.toSettings(), EaseConfig.KEYS)));
        }
        for (IalsConfig c : List.of(IalsConfig.defaults(), new IalsConfig(8, 0.1, 3, 2, Long.MIN_VALUE + 1, ODD))) {
            assertEquals(c, IalsConfig.from(Params.of("ials", c.toSettings(), IalsConfig.KEYS)));
        }
        for (ProfileModel.Config c : List.of(ProfileModel.Config.DEFAULT,
                new ProfileModel.Config(ODD, ProfileModel.Normalisation.COUNT, 1.5))) {
            assertEquals(c, ProfileModel.Config.from(Params.of("profile", c.toSettings(), ProfileModel.Config.KEYS)));
        }
    }

    @Test
    void storedParametersReadLikeSettings() {
        // what a model file's JSON header gives back: Integer, Long, Double, String, a list and an object
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("factors", 8);
        stored.put("lambda", 0.1);
        stored.put("confidenceAlpha", 3.0);
        stored.put("iterations", 2);
        stored.put("seed", 9007199254740993L);
        ModelHistories.describe(ODD, stored);
        IalsConfig c = IalsConfig.from(ModelHistories.stored("ials", stored, "factors", "seed"));
        assertEquals(9007199254740993L, c.seed(), "a seed above 2^53 is not read through a double");
        assertEquals(8, c.factors());
        assertEquals(ODD.lambdaPerDay(), c.weighting().lambdaPerDay(), 0.0, "the decay reads back bit for bit");
        assertEquals(ODD.eventTypeWeights(), c.weighting().eventTypeWeights());
        assertEquals(ODD.negativeTypes(), c.weighting().negativeTypes());
        stored.remove("lambdaPerDay");
        assertEquals("ials: parameter 'lambdaPerDay' is missing", assertThrows(IllegalArgumentException.class,
                () -> ModelHistories.stored("ials", stored)).getMessage());
    }
}
