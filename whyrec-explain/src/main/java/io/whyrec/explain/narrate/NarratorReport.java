package io.whyrec.explain.narrate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The figures of one narrator backend over the sentences it was asked for: the grounding rate (the share of its
 * sentences that passed the gate), the feature-match ratio (the share of the sentences shown that name the
 * explanation's true top facet, over the explanations that have one), the unique-sentence ratio (distinct
 * sentences shown over sentences shown) and the latency percentiles of the backend call. docs/narrator.md holds
 * the measured rows. Not thread-safe: one report per measuring thread.
 */
public final class NarratorReport {

    private final String name;
    private int sentences;
    private int grounded;
    private int withFacet;
    private int facetNamed;
    private final Set<String> distinct = new HashSet<>();
    private final List<Long> nanos = new ArrayList<>();

    /** An empty report for the backend called {@code name}. */
    public NarratorReport(String name) {
        this.name = name;
    }

    /**
     * Counts one sentence.
     *
     * @param facts the explanation's facts
     * @param shown the sentence shown (the backend's when grounded, else the template's)
     * @param ok    whether the backend's sentence passed the gate
     * @param ns    the backend call's duration in nanoseconds
     */
    public void add(Facts facts, String shown, boolean ok, long ns) {
        sentences++;
        grounded += ok ? 1 : 0;
        if (facts.topFacet() != null) {
            withFacet++;
            facetNamed += GroundingGate.namesTopFacet(shown, facts) ? 1 : 0;
        }
        distinct.add(shown);
        nanos.add(ns);
    }

    /** Sentences counted. */
    public int sentences() {
        return sentences;
    }

    /** The share of the backend's sentences that passed the gate (NaN before the first). */
    public double groundingRate() {
        return (double) grounded / sentences;
    }

    /** The row of the docs' table: backend, sentences, rates, and the p50 and p99 latency in milliseconds. */
    public String row() {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f |", name, sentences,
                groundingRate(), withFacet == 0 ? Double.NaN : (double) facetNamed / withFacet,
                (double) distinct.size() / sentences, quantile(sorted, 0.50) / 1e6, quantile(sorted, 0.99) / 1e6);
    }

    /** The header of {@link #row()}'s table. */
    public static String header() {
        return "| backend | sentences | grounding rate | feature-match | unique sentences | p50 ms | p99 ms |";
    }

    private static double quantile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
