package io.whyrec.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.ItemInfo;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfile.Evidence;
import io.whyrec.core.profile.InterestProfile.FacetInterest;
import io.whyrec.core.profile.InterestSummary;
import io.whyrec.explain.narrate.Facts;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.Narrator;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.explain.narrate.NarratorException;
import io.whyrec.explain.narrate.SummaryFacts;
import io.whyrec.explain.narrate.Vocabulary;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The interest summary a narrator writes: built from the profile's facts, shown only when the grounding gate finds
 * every title, facet and number of it there, and cut into sentences that each carry the facets they name (what
 * "that's not me" mutes).
 */
class ProfileSummaryTest {

    private static final String[] TITLES = {"Heat (1995)", "Fargo (1996)", "Casino (1995)", "Clerks (1994)",
        "Friday (1995)", "Unforgiven (1992)"};
    private static final List<List<String>> FACETS = List.of(List.of("Drama"), List.of("Drama"), List.of("Drama"),
            List.of("Comedy"), List.of("Comedy"), List.of("Western"));
    /** The catalogue: the profile's five items and a Western the user never met. */
    private static final Vocabulary VOCABULARY = Vocabulary.of(new ItemInfo() {
        @Override
        public String title(int item) {
            return TITLES[item];
        }

        @Override
        public List<String> facets(int item) {
            return FACETS.get(item);
        }
    }, TITLES.length);

    private static Evidence ev(int position) {
        return new Evidence(position, position, TITLES[position], 1_000L * position, 1, 0, 1, 1, 1);
    }

    /** Drama 60% (three events), Comedy 40% (the two latest): "lately more Comedy". */
    private static InterestProfile profile() {
        return new InterestProfile(0, 5, 5, 0, List.of(
                new FacetInterest(0, "Drama", 3, 0.6, List.of(ev(0), ev(1), ev(2)), List.of()),
                new FacetInterest(1, "Comedy", 2, 0.4, List.of(ev(3), ev(4)), List.of())));
    }

    /** A backend answering summaries with {@code answer}. */
    private static GroundedNarrator narrator(AtomicReference<String> answer) {
        return new GroundedNarrator(new Narrator() {
            @Override
            public String name() {
                return "stub";
            }

            @Override
            public String narrate(Facts facts, Locale locale) throws NarratorException {
                throw new NarratorException("not asked here", null);
            }

            @Override
            public String summarize(SummaryFacts facts, Locale locale) {
                return answer.get();
            }
        });
    }

    @Test
    void factsHoldTheTemplatesNumbersAndTheProfilesFacets() {
        InterestSummary template = InterestSummary.of(profile(), "en");
        assertEquals("Mostly Drama (60% of your weighted activity), from the 1990s; lately more Comedy, driven by "
                + "Clerks (1994) and Friday (1995).", template.text());
        SummaryFacts f = ProfileSummary.facts(profile(), template);
        assertEquals(template.text(), f.template());
        assertEquals(List.of("Drama", "Comedy"), f.groundFacets());
        assertEquals(List.of("Heat (1995)", "Fargo (1996)", "Casino (1995)"), f.facets().get(0).titles());
        assertEquals(1, f.mostlyCount());
        assertEquals(0.6, f.mostlyShare(), 1e-12);
        assertEquals(1990, f.decade());
        assertEquals("Comedy", f.latelyFacet());
        assertEquals(List.of("Clerks (1994)", "Friday (1995)"), f.latelyTitles());
        assertEquals("Drama", f.requiredFacet());
    }

    @Test
    void aGroundedSummaryIsShownSentenceBySentenceWithTheFacetsEachNames() {
        AtomicReference<String> answer = new AtomicReference<>(
                "You mostly watch Drama (60%), such as Fargo. Lately more Comedy, driven by Clerks.");
        ProfileSummary s = ProfileSummary.of(profile(), Lang.EN, narrator(answer), VOCABULARY);
        assertTrue(s.narration().grounded(), s.narration().toString());
        assertEquals("stub", s.narration().narrator());
        assertEquals(answer.get(), s.summary().text());
        List<InterestSummary.Phrase> ph = s.summary().phrases();
        assertEquals(2, ph.size());
        assertEquals(ProfileSummary.NARRATED, ph.get(0).kind());
        assertEquals("You mostly watch Drama (60%), such as Fargo.", ph.get(0).text());
        assertEquals(List.of("Drama"), ph.get(0).facets());
        assertEquals(List.of("Fargo (1996)"), ph.get(0).items());
        assertEquals(List.of("Comedy"), ph.get(1).facets());
        assertEquals(List.of("Clerks (1994)"), ph.get(1).items());
    }

    @Test
    void anUngroundedSummaryGivesWayToTheTemplateAndSaysWhy() {
        InterestSummary template = InterestSummary.of(profile(), "en");
        for (String bad : List.of(
                "Mostly Western films such as Unforgiven (1992), and Drama.", // a facet and a title not in the facts
                "Mostly Drama (75%).",                                     // a number the facts do not hold
                "Lately more Comedy.")) {                                  // the strongest facet not named
            AtomicReference<String> answer = new AtomicReference<>(bad);
            ProfileSummary s = ProfileSummary.of(profile(), Lang.EN, narrator(answer), VOCABULARY);
            assertFalse(s.narration().grounded(), bad);
            assertTrue(s.narration().fellBack(), bad);
            assertFalse(s.narration().rejections().isEmpty(), bad);
            assertEquals(template, s.summary(), bad);
        }
    }

    @Test
    void theTemplateNarratorGivesTheTemplateUnchecked() {
        ProfileSummary s = ProfileSummary.of(profile(), Lang.ZH, GroundedNarrator.of(NarratorConfig.TEMPLATE), null);
        assertNull(s.narration());
        assertEquals(InterestSummary.of(profile(), "zh"), s.summary());
        ProfileSummary empty = ProfileSummary.of(new InterestProfile(0, 0, 0, 0, List.of()), Lang.EN,
                narrator(new AtomicReference<>("Mostly Drama.")), VOCABULARY);
        assertNull(empty.narration(), "nothing to summarise, nothing asked");
        assertEquals("", empty.summary().text());
    }
}
