package io.whyrec.server.feedback;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SatisfactionReportTest {

    /**
     * 8 of 10: p = 0.8, z^2 = 3.8415, denominator 1 + 0.38415 = 1.38415, centre (0.8 + 0.19207) / 1.38415 =
     * 0.71675, half-width 1.96 sqrt(0.016 + 0.0096037) / 1.38415 = 0.22658, so [0.4902, 0.9433]. 0 of 10: centre
     * 0.13877, half-width 1.96 sqrt(0.0096037) / 1.38415 = 0.13877, so [0, 0.2775] (Newcombe 1998, Table I).
     */
    @Test
    void wilsonIntervalsOfHandComputedCases() {
        double[] w = SatisfactionReport.wilson(8, 10);
        assertEquals(0.4902, w[0], 1e-4);
        assertEquals(0.9433, w[1], 1e-4);
        double[] zero = SatisfactionReport.wilson(0, 10);
        assertEquals(0.0, zero[0], 1e-12);
        assertEquals(0.2775, zero[1], 1e-4);
        assertThrows(IllegalArgumentException.class, () -> SatisfactionReport.wilson(3, 0));
        assertThrows(IllegalArgumentException.class, () -> SatisfactionReport.wilson(11, 10));
    }

    /** Newcombe (1998), Table II example (a): 56/70 - 48/80 = 0.2000, hybrid score interval 0.0524 to 0.3339. */
    @Test
    void newcombeIntervalOfThePapersExample() {
        SatisfactionReport.Comparison c = SatisfactionReport.compare(SatisfactionReport.Rate.of("b", 70, 56),
                SatisfactionReport.Rate.of("a", 80, 48));
        assertEquals(0.2, c.difference(), 1e-12);
        assertEquals(0.0524, c.low(), 1e-4);
        assertEquals(0.3339, c.high(), 1e-4);
        assertTrue(c.excludesZero());
        SatisfactionReport.Comparison same = SatisfactionReport.compare(SatisfactionReport.Rate.of("b", 80, 48),
                SatisfactionReport.Rate.of("a", 80, 48));
        assertEquals(0.0, same.difference(), 1e-12);
        assertFalse(same.excludesZero());
    }

    private static Feedback answer(String user, String model, String arm, String lang, boolean helpful) {
        return new Feedback(user, "i1", user + "-x", helpful, null,
                new ExplanationIds.Issued(model, 1, "exact", "template", lang, arm), 0);
    }

    /**
     * Five answers: ease/reasons-2 en helpful, ease/reasons-2 en not, ease/reasons-5 zh helpful, pop/reasons-5 en
     * helpful, pop/reasons-5 en not: overall 3 of 5; ease 2 of 3, pop 1 of 2; reasons-2 1 of 2, reasons-5 2 of 3,
     * whose difference is 2/3 - 1/2 = 1/6; en 2 of 4, zh 1 of 1.
     */
    @Test
    void groupsPerDimensionAndComparesTheArms() {
        List<Feedback> answers = new ArrayList<>(List.of(answer("a", "ease", "reasons-2", "en", true),
                answer("b", "ease", "reasons-2", "en", false), answer("c", "ease", "reasons-5", "zh", true),
                answer("d", "pop", "reasons-5", "en", true), answer("e", "pop", "reasons-5", "en", false)));
        SatisfactionReport r = SatisfactionReport.of(answers);
        assertEquals(5, r.overall().answers());
        assertEquals(3, r.overall().helpful());
        assertEquals(SatisfactionReport.DIMENSIONS, List.copyOf(r.groups().keySet()));
        assertEquals(2, r.rate("model", "ease").helpful());
        assertEquals(3, r.rate("model", "ease").answers());
        assertEquals(0.5, r.rate("model", "pop").rate(), 1e-12);
        assertEquals(0.5, r.rate("lang", "en").rate(), 1e-12);
        assertEquals(1.0, r.rate("lang", "zh").rate(), 1e-12);
        assertEquals(5, r.rate("narrator", "template").answers());
        assertEquals(1, r.comparisons().size());
        SatisfactionReport.Comparison c = r.comparisons().get(0);
        assertEquals("reasons-5", c.arm());
        assertEquals("reasons-2", c.baseline());
        assertEquals(1.0 / 6, c.difference(), 1e-12);
        assertTrue(c.low() < 0 && c.high() > 0, "five answers show no difference: " + c);
        String text = r.text();
        assertTrue(text.startsWith("Explanation feedback: 5 answers, 60.0% helpful"), text);
        assertTrue(text.contains("reasons-5 - reasons-2: +16.7 points"), text);
        assertEquals(5L, r.toJson().get("answers"));
        assertEquals("No explanation feedback stored yet.\n", SatisfactionReport.of(List.of()).text());
    }
}
