package io.whyrec.server.feedback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The satisfaction report over the stored feedback: the share of answers that said "helpful", overall and per
 * model, explanation method, narrator (who wrote the sentence), language and arm, each with its 95% Wilson score
 * interval (Wilson 1927), and for every two arms the difference of their rates with the 95% interval of Newcombe's
 * hybrid score method (Newcombe 1998, method 10: built from the two Wilson intervals, no normal approximation of
 * the difference). The unit is the answer: a user who answers many explanations counts many times, so with few
 * users who answer a lot the intervals are narrower than the users justify.
 *
 * @param overall     every answer
 * @param groups      per dimension (model, method, narrator, lang, arm), one rate per value, values sorted
 * @param comparisons for each two arms (sorted by name, the later one minus the earlier one)
 */
public record SatisfactionReport(Rate overall, Map<String, List<Rate>> groups, List<Comparison> comparisons) {

    /** The 0.975 quantile of the standard normal distribution (two-sided 95%). */
    public static final double Z95 = 1.959963984540054;

    /** The dimensions of the report, in order. */
    public static final List<String> DIMENSIONS = List.of("model", "method", "narrator", "lang", "arm");

    /**
     * A helpful rate with its 95% Wilson interval.
     *
     * @param value   the group's value ("ease", "reasons-5", ...), "all" for the overall rate
     * @param answers answers in the group
     * @param helpful how many said helpful
     * @param rate    helpful / answers (NaN without answers)
     * @param low     the interval's lower end
     * @param high    the interval's upper end
     */
    public record Rate(String value, long answers, long helpful, double rate, double low, double high) {
        /** The rate of {@code helpful} out of {@code answers}. */
        public static Rate of(String value, long answers, long helpful) {
            if (answers == 0) {
                return new Rate(value, 0, 0, Double.NaN, 0, 1);
            }
            double[] w = wilson(helpful, answers);
            return new Rate(value, answers, helpful, (double) helpful / answers, w[0], w[1]);
        }
    }

    /**
     * Two arms compared.
     *
     * @param arm        the arm whose rate is the first term
     * @param baseline   the arm subtracted
     * @param difference rate(arm) - rate(baseline)
     * @param low        the 95% Newcombe interval's lower end
     * @param high       its upper end
     */
    public record Comparison(String arm, String baseline, double difference, double low, double high) {
        /** Whether the interval excludes 0 (a difference at the 5% level). */
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    /**
     * The 95% Wilson score interval of {@code x} successes in {@code n} trials: centre (p + z^2/2n) / (1 + z^2/n),
     * half-width z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
     *
     * @return {low, high}
     */
    public static double[] wilson(long x, long n) {
        if (n <= 0 || x < 0 || x > n) {
            throw new IllegalArgumentException("wilson: need 0 <= x <= n and n > 0, got x=" + x + ", n=" + n);
        }
        double p = (double) x / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /**
     * Newcombe's hybrid score interval of p1 - p2 from the two Wilson intervals [l1, u1] and [l2, u2]:
     * [d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)].
     */
    public static Comparison compare(Rate arm, Rate baseline) {
        double d = arm.rate() - baseline.rate();
        double lo = d - Math.sqrt(sq(arm.rate() - arm.low()) + sq(baseline.high() - baseline.rate()));
        double hi = d + Math.sqrt(sq(arm.high() - arm.rate()) + sq(baseline.rate() - baseline.low()));
        return new Comparison(arm.value(), baseline.value(), d, lo, hi);
    }

    private static double sq(double x) {
        return x * x;
    }

    /** The report over stored answers. */
    public static SatisfactionReport of(List<Feedback> answers) {
        Map<String, Function<Feedback, String>> key = new LinkedHashMap<>();
        key.put("model", f -> f.issued().model());
        key.put("method", f -> f.issued().method());
        key.put("narrator", f -> f.issued().narrator());
        key.put("lang", f -> f.issued().lang());
        key.put("arm", f -> f.issued().arm());
        long helpful = answers.stream().filter(Feedback::helpful).count();
        Rate overall = Rate.of("all", answers.size(), helpful);
        Map<String, List<Rate>> groups = new LinkedHashMap<>();
        for (var d : key.entrySet()) {
            Map<String, long[]> counts = new TreeMap<>();
            for (Feedback f : answers) {
                long[] c = counts.computeIfAbsent(d.getValue().apply(f), v -> new long[2]);
                c[0]++;
                c[1] += f.helpful() ? 1 : 0;
            }
            List<Rate> rates = new ArrayList<>();
            counts.forEach((v, c) -> rates.add(Rate.of(v, c[0], c[1])));
            groups.put(d.getKey(), List.copyOf(rates));
        }
        List<Comparison> comparisons = new ArrayList<>();
        List<Rate> arms = groups.get("arm");
        for (int i = 0; i < arms.size(); i++) {
            for (int j = i + 1; j < arms.size(); j++) {
                comparisons.add(compare(arms.get(j), arms.get(i)));
            }
        }
        return new SatisfactionReport(overall, groups, comparisons);
    }

    /** The rate of one value of a dimension, or null when no answer has it. */
    public Rate rate(String dimension, String value) {
        for (Rate r : groups.getOrDefault(dimension, List.of())) {
            if (r.value().equals(value)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The report as ordered maps for JSON: {@code {"answers", "helpful", "rate", "low", "high", "interval",
     * "groups": {"model": [{"value", "answers", "helpful", "rate", "low", "high"}], ...}, "arms": {"interval",
     * "comparisons": [{"arm", "baseline", "difference", "low", "high", "excludesZero"}]}}}; a rate without answers
     * is null.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>(rateJson(overall));
        out.remove("value");
        out.put("interval", "Wilson score, 95%");
        Map<String, Object> g = new LinkedHashMap<>();
        groups.forEach((d, rates) -> g.put(d, rates.stream().map(SatisfactionReport::rateJson).toList()));
        out.put("groups", g);
        Map<String, Object> arms = new LinkedHashMap<>();
        arms.put("interval", "Newcombe hybrid score (method 10), 95%, of the difference of helpful rates");
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Comparison c : comparisons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("arm", c.arm());
            m.put("baseline", c.baseline());
            m.put("difference", c.difference());
            m.put("low", c.low());
            m.put("high", c.high());
            m.put("excludesZero", c.excludesZero());
            cs.add(m);
        }
        arms.put("comparisons", cs);
        out.put("arms", arms);
        return out;
    }

    private static Map<String, Object> rateJson(Rate r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", r.value());
        m.put("answers", r.answers());
        m.put("helpful", r.helpful());
        m.put("rate", r.answers() == 0 ? null : r.rate());
        m.put("low", r.answers() == 0 ? null : r.low());
        m.put("high", r.answers() == 0 ? null : r.high());
        return m;
    }

    /** The report as text: the overall rate, a table per dimension and the arm comparisons. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (overall.answers() == 0) {
            return "No explanation feedback stored yet.\n";
        }
        sb.append(String.format(Locale.ROOT, "Explanation feedback: %d answers, %s helpful (95%% Wilson interval "
                + "%s to %s)%n", overall.answers(), pct(overall.rate()), pct(overall.low()), pct(overall.high())));
        groups.forEach((d, rates) -> {
            sb.append(String.format(Locale.ROOT, "%nby %s%n", d));
            int w = rates.stream().mapToInt(r -> r.value().length()).max().orElse(5);
            for (Rate r : rates) {
                sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %6d answers  %6s helpful  [%s, %s]%n",
                        r.value(), r.answers(), pct(r.rate()), pct(r.low()), pct(r.high())));
            }
        });
        if (!comparisons.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%narms compared (difference of helpful rates, Newcombe's 95%% "
                    + "interval)%n"));
            for (Comparison c : comparisons) {
                sb.append(String.format(Locale.ROOT, "  %s - %s: %+.1f points [%+.1f, %+.1f] %s%n", c.arm(),
                        c.baseline(), 100 * c.difference(), 100 * c.low(), 100 * c.high(), c.excludesZero()
                                ? "(excludes 0: the arms differ)" : "(includes 0: no difference shown)"));
            }
        }
        return sb.toString();
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }
}
