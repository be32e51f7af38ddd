package io.whyrec.explain.narrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.explain.text.ExplanationText;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The gate on the recorded answers of {@link Fixture}: every faithful one passes, every planted violation is found. */
class GroundingGateTest {

    private final GroundingGate gate = new GroundingGate(Fixture.VOCABULARY);
    private final Facts facts = Facts.of(Fixture.explanation(), Fixture.INFO);

    @Test
    void factsHoldTheTemplatesShares() {
        // 0.41 / 0.65, 0.23 / 0.65 and 0.06 / 0.65 (see Fixture)
        assertEquals(List.of(0, 1, 2), facts.reasons().stream().map(Facts.Reason::item).toList());
        assertEquals(0.41 / 0.65, facts.top().share(), 1e-12);
        assertEquals("Sci-Fi", facts.topFacet().name());
        assertEquals(1, facts.facets().size(), "Film-Noir has no evidence");
        assertTrue(facts.integers().containsAll(List.of(3L, 10L, 14L, 1L, 2L)));
        assertFalse(facts.integers().contains(4L));
        String prompt = facts.promptFacts(Locale.ENGLISH);
        assertTrue(prompt.contains("1. \"Alien (1979)\": 63%"), prompt);
        assertTrue(prompt.contains("to rank 14"), prompt);
    }

    @Test
    void everyRecordedAnswerGetsItsVerdict() throws Exception {
        int faithful = 0;
        int planted = 0;
        for (Fixture.Answer a : Fixture.answers()) {
            GroundingGate.Verdict v = gate.check(a.text(), facts);
            if (a.expect().equals("grounded")) {
                faithful++;
                assertTrue(v.grounded(), a.text() + " -> " + v.violations());
            } else {
                planted++;
                GroundingGate.Kind kind = GroundingGate.Kind.valueOf(a.expect());
                assertTrue(v.violations().stream().anyMatch(x -> x.kind() == kind),
                        a.text() + ": expected " + kind + ", got " + v.violations());
            }
        }
        assertEquals(7, faithful);
        assertEquals(19, planted);
    }

    @Test
    void templateSentencesPassInBothLanguages() {
        Explanation x = Fixture.explanation();
        for (String lang : List.of("en", "zh")) {
            String text = ExplanationText.forLanguage(lang, Fixture.INFO).render(x);
            GroundingGate.Verdict v = gate.check(text, facts);
            assertTrue(v.grounded(), text + " -> " + v.violations());
            assertTrue(GroundingGate.namesTopFacet(text, facts), text);
        }
    }

    @Test
    void readsChineseNumerals() {
        assertEquals(41, GroundingGate.chinese("四十一"), 0);
        assertEquals(12, GroundingGate.chinese("十二"), 0);
        assertEquals(105, GroundingGate.chinese("一百零五"), 0);
        assertEquals(12.5, GroundingGate.chinese("十二点五"), 1e-12);
        assertEquals(2, GroundingGate.chinese("两"), 0);
    }

    @Test
    void aliasesOfATitle() {
        assertEquals(List.of("Usual Suspects, The (1995)", "Usual Suspects, The", "The Usual Suspects",
                "The Usual Suspects (1995)"), Vocabulary.aliases("Usual Suspects, The (1995)"));
    }
}
