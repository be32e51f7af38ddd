package io.whyrec.core.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The interest summary on a small catalogue: one user watched Drama and Comedy of the 1990s for a long time, then
 * Sci-Fi; another watched Drama only. Binary weights, so that every share is a count.
 */
class InterestSummaryTest {

    private static final long T0 = 1_600_000_000L;
    private static final long DAY = 86_400L;

    /** Items: 0-5 Drama/Comedy of the 1990s, 6-8 Sci-Fi of the 1970s and 80s, 9 Drama of 2001. */
    private static ItemCatalog catalog() {
        Map<String, Item> items = new LinkedHashMap<>();
        String[][] rows = {
                {"d1", "Heat (1995)", "Drama"}, {"d2", "Fargo (1996)", "Drama"}, {"d3", "Ed Wood (1994)", "Drama"},
                {"c1", "Clerks (1994)", "Comedy"}, {"c2", "Big Night (1996)", "Comedy"},
                {"dc", "Smoke (1995)", "Drama|Comedy"},
                {"s1", "Alien (1979)", "Sci-Fi"}, {"s2", "Aliens (1986)", "Sci-Fi"}, {"s3", "Brazil (1985)", "Sci-Fi"},
                {"d9", "Amelie (2001)", "Drama"}};
        List<String> ids = new ArrayList<>();
        for (String[] r : rows) {
            ids.add(r[0]);
            items.put(r[0], new Item(r[0], r[1], "", List.of(r[2].split("\\|"))));
        }
        return ItemCatalog.of(IdIndex.of(ids), items);
    }

    /** Ana: items 0..5 twice over (12 events), then Alien, Aliens, Brazil; Bob: three Drama events. */
    private static Dataset dataset() {
        List<Integer> user = new ArrayList<>();
        List<Integer> item = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 6; i++) {
                user.add(0);
                item.add(i);
            }
        }
        for (int i = 6; i < 9; i++) {
            user.add(0);
            item.add(i);
        }
        for (int i : new int[] {0, 1, 9}) {
            user.add(1);
            item.add(i);
        }
        int n = user.size();
        long[] time = new long[n];
        float[] value = new float[n];
        short[] type = new short[n];
        for (int e = 0; e < n; e++) {
            time[e] = T0 + e * DAY;
            value[e] = 1;
        }
        return Dataset.fromColumns(IdIndex.of(List.of("ana", "bob")), catalog(), List.of("view"),
                user.stream().mapToInt(Integer::intValue).toArray(), item.stream().mapToInt(Integer::intValue).toArray(),
                time, value, type);
    }

    private static InterestProfile profile(int user) {
        Dataset data = dataset();
        return new InterestProfiler(data.catalog()).profile(HistoryBuilder.build(data, user, EventWeighting.BINARY));
    }

    @Test
    void namesTheMainFacetsTheirDecadeAndTheRecentTurn() {
        InterestProfile p = profile(0);
        InterestSummary s = InterestSummary.of(p, "en");
        // Drama: 3 items x 2 + half of Smoke x 2 = 7 of 15 events; Comedy 5 of 15; Sci-Fi 3 of 15
        assertEquals(7.0 / 15, p.share("Drama"), 1e-12);
        assertEquals("Mostly Drama and Comedy (80% of your weighted activity), from the 1990s; lately more Sci-Fi, "
                + "driven by Brazil (1985) and Aliens (1986).", s.text());
        assertEquals(List.of("Drama", "Comedy"), s.phrases().get(0).facets());
        assertEquals(List.of("Sci-Fi"), s.phrases().get(1).facets());
        assertEquals("lately", s.phrases().get(1).kind());
        // the numbers the text shows, as numbers (what a narrator's summary is checked against)
        assertEquals(p.share("Drama") + p.share("Comedy"), s.mostlyShare(), 1e-12);
        assertEquals(1990, s.decade());
    }

    @Test
    void everyNameAndNumberComesFromTheProfile() {
        InterestProfile p = profile(0);
        Set<String> titles = new HashSet<>();
        p.facets().forEach(f -> f.evidence().forEach(e -> titles.add(e.title())));
        for (String lang : List.of("en", "zh")) {
            InterestSummary s = InterestSummary.of(p, lang);
            double share = 0;
            for (InterestSummary.Phrase phrase : s.phrases()) {
                for (String f : phrase.facets()) {
                    assertTrue(p.facet(f).isPresent(), f);
                    assertTrue(phrase.text().contains(f), phrase.text());
                    if (phrase.kind().equals("mostly")) {
                        share += p.share(f);
                    }
                }
                for (String t : phrase.items()) {
                    assertTrue(titles.contains(t), t);
                    assertTrue(phrase.text().contains(t), phrase.text());
                }
            }
            assertTrue(s.text().contains(String.format(java.util.Locale.ROOT, "%.0f%%", 100 * share)), s.text());
        }
    }

    @Test
    void chineseTemplate() {
        assertEquals("主要是Drama和Comedy（占你加权活动的 80%），多为1990年代的作品；最近更多Sci-Fi，来自《Brazil (1985)》和"
                + "《Aliens (1986)》。", InterestSummary.of(profile(0), "zh").text());
    }

    /** Bob's history is too short to contrast a recent part with the whole, and no decade has 40%... */
    @Test
    void aShortHistoryGetsOnlyTheMainPhrase() {
        InterestSummary s = InterestSummary.of(profile(1), "en");
        assertEquals(1, s.phrases().size());
        // Drama is all of Bob's activity; two of his three titles are of the 1990s (2/3 >= 40%)
        assertEquals("Mostly Drama (100% of your weighted activity), from the 1990s.", s.text());
        assertEquals(1.0, s.mostlyShare(), 1e-12);
    }

    @Test
    void mutingThePhrasesFacetsRemovesThemFromTheSummary() {
        Dataset data = dataset();
        InterestProfile muted = new InterestProfiler(data.catalog()).profile(
                HistoryBuilder.build(data, 0, EventWeighting.BINARY), ProfileEdits.muting("Sci-Fi"));
        InterestSummary s = InterestSummary.of(muted, "en");
        assertTrue(s.phrases().stream().noneMatch(ph -> ph.facets().contains("Sci-Fi")), s.text());
        assertTrue(!s.text().contains("Sci-Fi"), s.text());
    }

    /** Discovered tags hold commas in their names: the sentence quotes them so that the list still reads. */
    @Test
    void facetNamesWithCommasAreQuoted() {
        Map<String, String> renamed = Map.of("Drama", "auto: crime, heist", "Comedy", "auto: love, wedding",
                "Sci-Fi", "auto: space, alien");
        Dataset data = dataset();
        Dataset tagged = data.withCatalog(data.catalog().withFacets(
                item -> item.tags().stream().map(renamed::get).toList()));
        InterestProfile p = new InterestProfiler(tagged.catalog()).profile(
                HistoryBuilder.build(tagged, 0, EventWeighting.BINARY));
        InterestSummary en = InterestSummary.of(p, "en");
        assertEquals("Mostly \"auto: crime, heist\" and \"auto: love, wedding\" (80% of your weighted activity), "
                + "from the 1990s; lately more \"auto: space, alien\", driven by Brazil (1985) and Aliens (1986).",
                en.text());
        assertEquals(List.of("auto: crime, heist", "auto: love, wedding"), en.phrases().get(0).facets(),
                "the phrase lists the facet names themselves, for muting");
        assertEquals("主要是“auto: crime, heist”和“auto: love, wedding”（占你加权活动的 80%），多为1990年代的作品；"
                + "最近更多“auto: space, alien”，来自《Brazil (1985)》和《Aliens (1986)》。",
                InterestSummary.of(p, "zh").text());
    }

    @Test
    void emptyProfileAndBadLanguage() {
        InterestSummary empty = InterestSummary.of(new InterestProfile(-1, 0, 0, 0, List.of()), "en");
        assertEquals("", empty.text());
        assertEquals(null, empty.decade());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InterestSummary.of(profile(0), "fr"));
        assertTrue(e.getMessage().contains("'fr'"), e.getMessage());
    }
}
