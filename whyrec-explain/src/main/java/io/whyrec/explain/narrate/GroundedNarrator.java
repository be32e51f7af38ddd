package io.whyrec.explain.narrate;

import io.whyrec.api.Explanation;
import io.whyrec.api.ItemInfo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A narrator behind the grounding gate: it asks the configured backend for an explanation's sentence or an
 * interest summary, checks the answer with the {@link GroundingGate} and shows it only when it is grounded;
 * otherwise (and when the backend fails) the template answers and the rejection is counted by its reason. Safe for concurrent use: the counters
 * are atomic and the backends hold no per-request state.
 */
public final class GroundedNarrator {

    private final Narrator backend;
    private final TemplateNarrator template = new TemplateNarrator();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Map<GroundingGate.Kind, AtomicLong> rejected = new EnumMap<>(GroundingGate.Kind.class);

    /** A gate in front of {@code backend}. */
    public GroundedNarrator(Narrator backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        for (GroundingGate.Kind k : GroundingGate.Kind.values()) {
            rejected.put(k, new AtomicLong());
        }
    }

    /** The narrator of a configuration. */
    public static GroundedNarrator of(NarratorConfig config) {
        return new GroundedNarrator(config.create());
    }

    /** The configured backend's name. */
    public String name() {
        return backend.name();
    }

    /** Whether the backend is the template itself (then nothing is checked or counted). */
    public boolean isTemplate() {
        return backend instanceof TemplateNarrator;
    }

    /**
     * The sentence of an explanation.
     *
     * @param x          the explanation
     * @param info       its titles and facets
     * @param locale     the language
     * @param vocabulary the catalogue's titles and facets (for the gate)
     */
    public Narration narrate(Explanation x, ItemInfo info, Locale locale, Vocabulary vocabulary) {
        Facts facts = Facts.of(x, info);
        String fallback = template.narrate(facts, locale);
        return judge(fallback, () -> backend.narrate(facts, locale),
                text -> new GroundingGate(vocabulary).check(text, facts));
    }

    /**
     * The interest summary of a profile: the backend's when the gate finds every title, facet and number of it
     * in {@code facts} (and the strongest facet named), else the template summary ({@link SummaryFacts#template}),
     * the rejection counted as a sentence's is.
     *
     * @param facts      the summary's facts
     * @param locale     the language
     * @param vocabulary the catalogue's titles and facets (for the gate)
     */
    public Narration summarize(SummaryFacts facts, Locale locale, Vocabulary vocabulary) {
        return judge(facts.template(), () -> backend.summarize(facts, locale),
                text -> new GroundingGate(vocabulary).check(text, facts));
    }

    /** What a backend writes, for {@link #judge}. */
    private interface Writing {
        String write() throws NarratorException;
    }

    private Narration judge(String fallback, Writing writing,
                            java.util.function.Function<String, GroundingGate.Verdict> gate) {
        if (isTemplate()) {
            return new Narration(fallback, TemplateNarrator.NAME, TemplateNarrator.NAME, true, List.of(), 0);
        }
        calls.incrementAndGet();
        long t0 = System.nanoTime();
        String text;
        try {
            text = writing.write();
        } catch (NarratorException e) {
            long nanos = System.nanoTime() - t0;
            rejected.get(GroundingGate.Kind.BACKEND_ERROR).incrementAndGet();
            return new Narration(fallback, TemplateNarrator.NAME, backend.name(), false,
                    List.of(new GroundingGate.Violation(GroundingGate.Kind.BACKEND_ERROR, e.getMessage()).toString()),
                    nanos);
        }
        long nanos = System.nanoTime() - t0;
        GroundingGate.Verdict verdict = gate.apply(text);
        if (verdict.grounded()) {
            accepted.incrementAndGet();
            return new Narration(text, backend.name(), backend.name(), true, List.of(), nanos);
        }
        rejected.get(verdict.kind()).incrementAndGet();
        List<String> why = new ArrayList<>();
        for (GroundingGate.Violation v : verdict.violations()) {
            why.add(v.toString());
        }
        return new Narration(fallback, TemplateNarrator.NAME, backend.name(), false, why, nanos);
    }

    /** Sentences and summaries asked of the backend so far. */
    public long calls() {
        return calls.get();
    }

    /** Sentences and summaries shown as the backend wrote them. */
    public long accepted() {
        return accepted.get();
    }

    /** Sentences and summaries replaced by the template, by the first reason found. */
    public Map<GroundingGate.Kind, Long> rejections() {
        Map<GroundingGate.Kind, Long> out = new EnumMap<>(GroundingGate.Kind.class);
        rejected.forEach((k, v) -> {
            if (v.get() > 0) {
                out.put(k, v.get());
            }
        });
        return out;
    }

    /** One line for logs: calls, accepted, rejections by reason. */
    public String summary() {
        return String.format(Locale.ROOT, "narrator %s: %d sentences asked, %d shown, rejected %s", name(), calls(),
                accepted(), rejections());
    }
}
