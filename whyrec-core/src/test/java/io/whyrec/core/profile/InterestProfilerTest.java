package io.whyrec.core.profile;

import static io.whyrec.core.profile.WorkedExample.ALIEN;
import static io.whyrec.core.profile.WorkedExample.ANA;
import static io.whyrec.core.profile.WorkedExample.BLADE_RUNNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the facet shares and evidence of the worked example (docs/interest-profile.md). With the weights of
 * {@link HistoryBuilderTest} (w = 0.5, 0.5020458, 0.5078123, 1.0; total 2.5098581), each event split equally
 * over its item's facets:
 * <pre>
 * Sci-Fi  = 0.5/2 + 0.5020458 + 1.0/2 = 1.2520458   share 1.2520458 / 2.5098581 = 0.4988512
 * Horror  = 0.5/2 + 1.0/2             = 0.75        share 0.2988217
 * Drama   = 0.5078123/2               = 0.2539061   share 0.1011635
 * Romance = 0.5078123/2               = 0.2539061   share 0.1011635 (tie with Drama: ordered by name)
 * </pre>
 */
class InterestProfilerTest {

    private final InterestProfiler profiler = new InterestProfiler(WorkedExample.catalog());

    private History ana() {
        return HistoryBuilder.build(WorkedExample.dataset(), ANA, EventWeighting.DEFAULT);
    }

    @Test
    void workedExampleShares() {
        InterestProfile p = profiler.profile(ana());
        assertEquals(List.of("Sci-Fi", "Horror", "Drama", "Romance"), p.topFacets(10));
        assertEquals(0.4988512, p.share("Sci-Fi"), 1e-7);
        assertEquals(0.2988217, p.share("Horror"), 1e-7);
        assertEquals(0.1011635, p.share("Drama"), 1e-7);
        assertEquals(0.1011635, p.share("Romance"), 1e-7);
        assertEquals(1.2520458, p.facet("Sci-Fi").orElseThrow().weight(), 1e-7);
        assertEquals(2.5098581, p.activity(), 1e-7);
        assertEquals(1.0, p.facets().stream().mapToDouble(InterestProfile.FacetInterest::share).sum(), 1e-12);
    }

    /**
     * Sci-Fi evidence by contribution: Blade Runner (0.5020458, whole weight: one facet), then Alien on day 180
     * (1.0 / 2 = 0.5), then Alien on day 0 (0.5 / 2 = 0.25).
     */
    @Test
    void evidenceIsOrderedByContributionThenTime() {
        List<InterestProfile.Evidence> ev = profiler.profile(ana()).facet("Sci-Fi").orElseThrow().evidence();
        assertEquals(List.of(1, 3, 0), ev.stream().map(InterestProfile.Evidence::position).toList());
        assertEquals(BLADE_RUNNER, ev.get(0).item());
        assertEquals(0.5020458, ev.get(0).contribution(), 1e-7);
        assertEquals(0.5, ev.get(1).contribution(), 1e-12);
        assertEquals(1.0, ev.get(1).weight(), 1e-12);
        assertEquals("Alien", ev.get(2).title());
        assertEquals(0.5, ev.get(2).decay(), 1e-12);
    }

    /** Equal contributions fall back to the later event first: with BINARY weights both Alien events add 0.5. */
    @Test
    void tiesPreferTheLaterEvent() {
        History h = HistoryBuilder.build(WorkedExample.dataset(), ANA, EventWeighting.BINARY);
        List<InterestProfile.Evidence> ev = profiler.profile(h).facet("Horror").orElseThrow().evidence();
        assertEquals(List.of(3, 0), ev.stream().map(InterestProfile.Evidence::position).toList());
    }

    /**
     * Muting Sci-Fi removes its 1.2520458 and keeps Alien's Horror halves:
     * Horror 0.75 / (0.75 + 0.2539061 * 2) = 0.75 / 1.2578123 = 0.5962734, Drama 0.2539061 / 1.2578123 = 0.2018633.
     */
    @Test
    void mutedFacetVanishesAndOnlyItsPartIsRemoved() {
        InterestProfile p = profiler.profile(ana(), ProfileEdits.muting("Sci-Fi"));
        assertTrue(p.facet("Sci-Fi").isEmpty());
        assertEquals(0.5962734, p.share("Horror"), 1e-7);
        assertEquals(0.2018633, p.share("Drama"), 1e-7);
        assertEquals(4, p.numEvents());
        for (InterestProfile.FacetInterest f : p.facets()) {
            assertFalse(f.evidence().stream().anyMatch(e -> e.item() == BLADE_RUNNER), f.name());
        }
    }

    /**
     * Deleting position 3 (Alien, day 180): Sci-Fi = 0.25 + 0.5020458 = 0.7520458 of 1.5098581 = 0.4980904;
     * Horror = 0.25 / 1.5098581 = 0.1655785.
     */
    @Test
    void deletedPositionLosesItsTerm() {
        InterestProfile p = profiler.profile(ana(), ProfileEdits.NONE.plusDeletedPositions(3));
        assertEquals(3, p.numEvents());
        assertEquals(0.4980904, p.share("Sci-Fi"), 1e-7);
        assertEquals(0.1655785, p.share("Horror"), 1e-7);
        assertTrue(p.facets().stream().flatMap(f -> f.evidence().stream()).noneMatch(e -> e.position() == 3));
    }

    /** Deleting item Alien removes both of its events: Horror disappears, Sci-Fi = 0.5020458 / 1.0098581 = 0.4971449. */
    @Test
    void deletedItemLosesEveryEvent() {
        InterestProfile p = profiler.profile(ana(), ProfileEdits.NONE.plusDeletedItems(ALIEN));
        assertTrue(p.facet("Horror").isEmpty());
        assertEquals(0.4971449, p.share("Sci-Fi"), 1e-7);
        assertEquals(2, p.numEvents());
    }

    @Test
    void badEditsNameWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> profiler.profile(ana(), ProfileEdits.muting("Jazz")));
        assertTrue(e.getMessage().contains("'Jazz'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> profiler.profile(ana(), ProfileEdits.NONE.plusDeletedPositions(9)));
        assertTrue(e.getMessage().contains("9"), e.getMessage());
    }

    /** For models that cannot mute one facet, muting Horror removes both Alien events from the history. */
    @Test
    void applyToRemovesEventsOfMutedFacets() {
        History edited = ProfileEdits.muting("Horror").plusDeletedItems(BLADE_RUNNER)
                .applyTo(ana(), WorkedExample.catalog());
        assertEquals(1, edited.size());
        assertEquals(WorkedExample.CASABLANCA, edited.event(0).item());
    }

    @Test
    void textRenderingShowsSharesAndEvidence() {
        String text = profiler.profile(ana()).toText("ana", 2, 1);
        assertTrue(text.contains("Sci-Fi") && text.contains("49.9%"), text);
        assertTrue(text.contains("Blade Runner") && text.contains("w=0.502"), text);
        assertTrue(text.contains("2 more facets"), text);
        assertFalse(text.contains("Romance"), text);
    }
}
