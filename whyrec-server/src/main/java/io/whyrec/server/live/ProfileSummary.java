package io.whyrec.server.live;

import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestSummary;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.SummaryFacts;
import io.whyrec.explain.narrate.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A user's interest summary as it is shown, by the server's {@code GET /profile} and the command line's
 * {@code whyrec profile}: the template's ({@link InterestSummary}) by default; with a narrator configured, the
 * narrator's one or two sentences when its grounding gate finds every title, facet and number of them among the
 * profile's {@link SummaryFacts} (and the strongest facet named), the template's otherwise. A narrated summary's
 * phrases are its sentences, each with the facets and titles it names, so "that's not me" on a sentence mutes
 * exactly the facets that sentence names, as it does for a template phrase.
 *
 * @param summary   the summary shown
 * @param narration who wrote it and the gate's verdict; null when no narrator is configured (or the profile is
 *                  empty, when there is nothing to summarise)
 */
public record ProfileSummary(InterestSummary summary, Narration narration) {

    /** The phrase kind of a narrator's sentence. */
    public static final String NARRATED = "narrated";
    /** The strongest facets a narrator is told about (more when the template's "mostly" phrase names more). */
    static final int MAX_FACETS = 5;
    /** The strongest items per facet a narrator is told about. */
    static final int MAX_TITLES = 3;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？；;])\\s*");

    /**
     * The summary of a profile.
     *
     * @param profile    the profile (muted and deleted tags already left out)
     * @param lang       the language
     * @param narrator   the configured narrator (the template narrator: the template summary, unchecked)
     * @param vocabulary the catalogue's titles and facets, for the gate (unused with the template narrator)
     */
    public static ProfileSummary of(InterestProfile profile, Lang lang, GroundedNarrator narrator,
                                    Vocabulary vocabulary) {
        InterestSummary template = InterestSummary.of(profile, lang.name().toLowerCase(Locale.ROOT));
        if (narrator.isTemplate() || template.phrases().isEmpty()) {
            return new ProfileSummary(template, null);
        }
        SummaryFacts facts = facts(profile, template);
        Narration n = narrator.summarize(facts, lang.locale(), vocabulary);
        return new ProfileSummary(n.fellBack() ? template : narrated(n.text(), facts, template), n);
    }

    /**
     * What a narrator may say about a profile: its strongest facets with their shares and strongest items, the
     * facets, share and decade of the template's "mostly" phrase, and the facet and items of its "lately" phrase.
     *
     * @param profile  the profile
     * @param template its template summary (at least one phrase)
     */
    public static SummaryFacts facts(InterestProfile profile, InterestSummary template) {
        InterestSummary.Phrase mostly = template.phrases().get(0);
        int n = Math.min(profile.facets().size(), Math.max(MAX_FACETS, mostly.facets().size()));
        List<SummaryFacts.Facet> facets = new ArrayList<>(n);
        for (InterestProfile.FacetInterest f : profile.facets().subList(0, n)) {
            Set<String> titles = new LinkedHashSet<>();
            for (InterestProfile.Evidence e : f.evidence()) { // strongest first
                if (titles.size() == MAX_TITLES) {
                    break;
                }
                titles.add(e.title());
            }
            facets.add(new SummaryFacts.Facet(f.name(), f.share(), List.copyOf(titles)));
        }
        String latelyFacet = null;
        List<String> latelyTitles = List.of();
        for (InterestSummary.Phrase ph : template.phrases()) {
            if (ph.kind().equals("lately")) {
                latelyFacet = ph.facets().get(0);
                latelyTitles = ph.items();
            }
        }
        return new SummaryFacts(template.text(), facets, mostly.facets().size(), template.mostlyShare(),
                template.decade(), latelyFacet, latelyTitles);
    }

    /** The narrator's text as a summary: one phrase per sentence, with the facets and titles it names. */
    static InterestSummary narrated(String text, SummaryFacts facts, InterestSummary template) {
        List<InterestSummary.Phrase> phrases = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text.strip())) {
            if (sentence.isBlank()) {
                continue;
            }
            List<String> named = new ArrayList<>();
            for (String f : facts.groundFacets()) {
                if (sentence.contains(f)) {
                    named.add(f);
                }
            }
            List<String> items = new ArrayList<>();
            for (String t : facts.groundTitles()) {
                if (Vocabulary.aliases(t).stream().anyMatch(sentence::contains)) {
                    items.add(t);
                }
            }
            phrases.add(new InterestSummary.Phrase(NARRATED, sentence.strip(), named, items));
        }
        return new InterestSummary(text.strip(), phrases, template.mostlyShare(), template.decade());
    }
}
