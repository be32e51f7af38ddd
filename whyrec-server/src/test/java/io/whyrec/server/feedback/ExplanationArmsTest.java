package io.whyrec.server.feedback;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplanationArmsTest {

    /** The assignment is a function of seed and user: stable, about half and half, and redrawn by a new seed. */
    @Test
    void assignmentIsStableBalancedAndSeeded() {
        ExplanationArms arms = ExplanationArms.defaults(false);
        ExplanationArms other = new ExplanationArms(arms.seed() + 1, arms.arms());
        int five = 0;
        int moved = 0;
        for (int u = 0; u < 10_000; u++) {
            String user = "user-" + u;
            ExplanationArms.Arm a = arms.assign(user);
            assertEquals(a, arms.assign(user), "stable");
            five += a.reasons() == 5 ? 1 : 0;
            moved += a.equals(other.assign(user)) ? 0 : 1;
        }
        // binomial(10000, 0.5): sd 50, so 4,800..5,200 is four standard deviations either side
        assertTrue(five > 4_800 && five < 5_200, five + " of 10,000 in reasons-5");
        assertTrue(moved > 4_800 && moved < 5_200, moved + " of 10,000 change arm under another seed");
        assertEquals(List.of("template", "narrator"), ExplanationArms.defaults(true).arms().stream()
                .map(ExplanationArms.Arm::name).toList());
        assertTrue(ExplanationArms.defaults(true).named("narrator").narrated());
    }

    @Test
    void parsesTheCommandLineFormAndNamesWhatIsWrong() {
        ExplanationArms a = ExplanationArms.parse("short:1, long:7:narrator", 5);
        assertEquals(List.of(new ExplanationArms.Arm("short", 1, false), new ExplanationArms.Arm("long", 7, true)),
                a.arms());
        assertEquals(7, a.named("long").text().maxItems());
        assertEquals("--arms: 'x' is not NAME:REASONS or NAME:REASONS:narrator",
                assertThrows(IllegalArgumentException.class, () -> ExplanationArms.parse("x", 1)).getMessage());
        assertEquals("--arms: 'x:two': REASONS 'two' is not an integer",
                assertThrows(IllegalArgumentException.class, () -> ExplanationArms.parse("x:two", 1)).getMessage());
        assertEquals("arm x: reasons must be in [1, 20], got 0",
                assertThrows(IllegalArgumentException.class, () -> ExplanationArms.parse("x:0", 1)).getMessage());
        assertEquals("arms: the name 'x' is used twice",
                assertThrows(IllegalArgumentException.class, () -> ExplanationArms.parse("x:1,x:2", 1)).getMessage());
    }

    /** An id reads back to what it was issued under, and only for its user and item under the same secret. */
    @Test
    void explanationIdsReadBackOnlyForTheirUserItemAndSecret() {
        ExplanationIds ids = new ExplanationIds("secret-one".getBytes(StandardCharsets.UTF_8));
        ExplanationIds.Issued x = new ExplanationIds.Issued("openai:gpt", 12, "counterfactual", "openai:gpt", "zh",
                "narrator");
        String id = ids.issue("u1", "i7", x);
        assertEquals(id, ids.issue("u1", "i7", x), "deterministic");
        assertEquals(x, ids.read("u1", "i7", id));
        assertNotEquals(id, ids.issue("u1", "i7", new ExplanationIds.Issued("openai:gpt", 13, "counterfactual",
                "openai:gpt", "zh", "narrator")), "another model version, another id");
        assertThrows(IllegalArgumentException.class, () -> ids.read("u2", "i7", id));
        assertThrows(IllegalArgumentException.class, () -> ids.read("u1", "i8", id));
        assertThrows(IllegalArgumentException.class, () -> new ExplanationIds("secret-two".getBytes(
                StandardCharsets.UTF_8)).read("u1", "i7", id));
        String forged = ids.issue("u1", "i7", new ExplanationIds.Issued("openai:gpt", 12, "counterfactual",
                "openai:gpt", "zh", "template")).split("\\.")[0] + "." + id.split("\\.")[1];
        assertThrows(IllegalArgumentException.class, () -> ids.read("u1", "i7", forged), "another arm, old tag");
        assertEquals("not an explanation id issued by this server",
                assertThrows(IllegalArgumentException.class, () -> ids.read("u1", "i7", "nodot")).getMessage());
    }
}
