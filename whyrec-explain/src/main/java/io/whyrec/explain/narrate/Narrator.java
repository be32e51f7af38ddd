package io.whyrec.explain.narrate;

import java.util.Locale;

/**
 * A backend that writes the words people read: the sentence of an explanation (one or two sentences in English
 * or Chinese from the structured explanation, {@link Facts}: reasons with their shares, facets with theirs, the
 * counterfactual) and a user's interest summary (from {@link SummaryFacts}: the strongest facets with their
 * shares, the recent shift and the items driving it). What a backend writes is not shown as it is:
 * {@link GroundedNarrator} checks it with the {@link GroundingGate} and answers with the template when it names
 * anything the facts do not hold.
 */
public interface Narrator {

    /** The backend's name as responses report it, e.g. "template" or "openai:gpt-4o-mini". */
    String name();

    /**
     * The sentence for the facts.
     *
     * @param facts  the structured explanation
     * @param locale English or Simplified Chinese
     * @throws NarratorException when the backend could not answer (unreachable, timed out, refused)
     */
    String narrate(Facts facts, Locale locale) throws NarratorException;

    /**
     * The interest summary for the facts: one or two sentences.
     *
     * @param facts  the summary's facts
     * @param locale English or Simplified Chinese
     * @throws NarratorException when the backend could not answer (unreachable, timed out, refused)
     */
    String summarize(SummaryFacts facts, Locale locale) throws NarratorException;
}
