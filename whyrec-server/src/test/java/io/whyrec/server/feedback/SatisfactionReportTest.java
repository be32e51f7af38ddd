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

    /**
     * The report's error rates over 1,000 seeded replicates of the simulation without HTTP (400 users, each in
     * arm a or b by a fair coin, answering helpful with the arm's planted probability): with identical arms
     * (0.65, 0.65) the Newcombe interval excludes 0 in about 5% of replicates (nominal 5%; the binomial sd over
     * 1,000 replicates is 0.7 points, so 2% to 8% is more than four sd either side); with 0.55 against 0.75 it finds
     * the difference in almost every replicate (power about 99% for 200 answers per arm); each arm's Wilson interval
     * holds its planted rate in about 95% of replicates.
     */
    @Test
    void errorRatesOverSeededReplicatesMatchTheNominalLevel() {
        double[] falsePositive = replicate(0.65, 0.65, 1_000, 42);
        double[] planted = replicate(0.55, 0.75, 1_000, 43);
        System.out.printf(java.util.Locale.ROOT, "identical arms: interval excludes 0 in %.1f%% of 1000 replicates, "
                + "Wilson coverage %.1f%%; planted 0.55 vs 0.75: excludes 0 in %.1f%%, Wilson coverage %.1f%%, "
                + "Newcombe coverage of 0.2 %.1f%%%n", 100 * falsePositive[0], 100 * falsePositive[1],
                100 * planted[0], 100 * planted[1], 100 * planted[2]);
        assertTrue(falsePositive[0] >= 0.02 && falsePositive[0] <= 0.08, "false positives " + falsePositive[0]);
        assertTrue(planted[0] >= 0.97, "power " + planted[0]);
        assertTrue(falsePositive[1] >= 0.93 && falsePositive[1] <= 0.97, "Wilson coverage " + falsePositive[1]);
        assertTrue(planted[1] >= 0.93 && planted[1] <= 0.97, "Wilson coverage " + planted[1]);
        assertTrue(planted[2] >= 0.93 && planted[2] <= 0.97, "Newcombe coverage " + planted[2]);
    }

    /** {share of replicates whose interval excludes 0, Wilson coverage per arm, Newcombe coverage of pb - pa}. */
    private static double[] replicate(double pa, double pb, int replicates, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int excluded = 0;
        int covered = 0;
        int newcombe = 0;
        for (int r = 0; r < replicates; r++) {
            List<Feedback> answers = new ArrayList<>();
            for (int u = 0; u < 400; u++) {
                boolean b = rnd.nextBoolean();
                answers.add(answer("u" + u, "ease", b ? "b" : "a", "en", rnd.nextDouble() < (b ? pb : pa)));
            }
            SatisfactionReport report = SatisfactionReport.of(answers);
            SatisfactionReport.Comparison c = report.comparisons().get(0);
            excluded += c.excludesZero() ? 1 : 0;
            newcombe += c.low() <= pb - pa && pb - pa <= c.high() ? 1 : 0;
            for (String arm : List.of("a", "b")) {
                SatisfactionReport.Rate rate = report.rate("arm", arm);
                double p = arm.equals("a") ? pa : pb;
                covered += rate.low() <= p && p <= rate.high() ? 1 : 0;
            }
        }
        return new double[] {(double) excluded / replicates, covered / (2.0 * replicates),
                (double) newcombe / replicates};
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
