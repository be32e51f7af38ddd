package io.whyrec.explain;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.Fidelity;
import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.text.Evidence;
import io.whyrec.explain.text.ExplanationText;
import io.whyrec.explain.text.TextConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden sentences in English and Chinese, and the guard that a sentence names only its evidence. */
class TextTest {

    // items: 0 Alien {Sci-Fi, Horror}, 1 Aliens {Sci-Fi, Action}, 2 Heat {Crime, Thriller},
    //        3 Ronin {Action, Thriller}, 4 Blade Runner {Sci-Fi, Thriller} (recommended), 5 Titanic {Romance}
    static final ItemInfo INFO = ToyModels.info(List.of("Alien", "Aliens", "Heat", "Ronin", "Blade Runner", "Titanic"),
            List.of(List.of("Sci-Fi", "Horror"), List.of("Sci-Fi", "Action"), List.of("Crime", "Thriller"),
                    List.of("Action", "Thriller"), List.of("Sci-Fi", "Thriller"), List.of("Romance")));

    /**
     * Contributions to Blade Runner 4.1, 2.3, 2.0, 1.6 (total 10): Alien 41%, Aliens 23%.
     * Facets of Blade Runner: Sci-Fi = 4.1/2 + 2.3/2 = 3.2 (32%), Thriller = 2.0/2 + 1.6/2 = 1.8 (18%);
     * Horror, Action and Crime are not Blade Runner's facets and get nothing.
     */
    static Explanation bladeRunner() {
        double[][] b = new double[6][6];
        b[0][4] = 4.1;
        b[1][4] = 2.3;
        b[2][4] = 2.0;
        b[3][4] = 1.6;
        History h = new History(7, List.of(WeightedEvent.unit(0, 10), WeightedEvent.unit(1, 20),
                WeightedEvent.unit(2, 30), WeightedEvent.unit(3, 40)));
        return new ExactExplainer(new ToyModels.Linear(b), INFO).explain(h, 4);
    }

    static String golden(String name) throws IOException {
        try (InputStream in = TextTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void factsBehindTheGoldenSentences() {
        Explanation x = bladeRunner();
        assertEquals(10.0, x.score(), 1e-12);
        assertEquals("Sci-Fi", x.facets().get(0).facet());
        assertEquals(0.32, x.facets().get(0).share(), 1e-12);
        assertEquals(2, x.facets().size());
    }

    @Test
    void englishAndChineseGoldenSentences() throws IOException {
        Explanation x = bladeRunner();
        // the counterfactual is written by hand here: removing Alien and Aliens (positions 0, 1) -> rank 1,234
        Explanation withCf = x.withCounterfactual(new Counterfactual(10, List.of(0, 1), List.of(0, 1), 1, 1234,
                List.of(5), true));
        Explanation longCf = x.withCounterfactual(new Counterfactual(10, List.of(0, 1, 2), List.of(0, 1, 2), 1, 12,
                List.of(5), true));
        for (String lang : List.of("en", "zh")) {
            ExplanationText text = ExplanationText.forLanguage(lang, INFO);
            assertEquals(golden("blade_runner_" + lang + ".txt"), text.render(x), lang);
            assertEquals(golden("blade_runner_counterfactual_" + lang + ".txt"), text.render(withCf), lang);
            assertEquals(golden("blade_runner_counterfactual_more_" + lang + ".txt"), text.render(longCf), lang);
        }
    }

    @Test
    void threeReasonsAndNoEvidence() throws IOException {
        Explanation x = bladeRunner();
        ExplanationText en = new ExplanationText(Locale.ENGLISH, INFO, new TextConfig(3, 2, 2));
        assertEquals("Recommended because of Alien (41% of its score), Aliens (23%) and Heat (20%) in your "
                + "history; it matches your interest in Sci-Fi and Thriller.", en.render(x));
        Explanation none = new Explanation(7, 4, 3, -1.0, 0.0, "exact",
                List.of(new EventAttribution(0, 0, 10, 1, -1.0)), List.of(), null, Fidelity.none(), "");
        assertEquals(golden("no_evidence_en.txt"), en.render(none));
        assertEquals(golden("no_evidence_zh.txt"), ExplanationText.forLanguage("zh", INFO).render(none));
    }

    @Test
    void counterfactualNamesTheMostAttributedRemovedEventFirst() {
        // Alien (position 0) contributes 1, Aliens (position 1) contributes 3: shares 25% and 75%
        Explanation x = new Explanation(7, 4, 1, 4.0, 0.0, "exact",
                List.of(new EventAttribution(0, 0, 10, 1, 1.0), new EventAttribution(1, 1, 20, 1, 3.0)), List.of(),
                new Counterfactual(10, List.of(0, 1), List.of(0, 1), 1, 15, List.of(5), true), Fidelity.none(), "");
        assertEquals("Recommended because of Aliens (75% of its score) and Alien (25%) in your history. "
                + "Without Aliens and Alien, it would fall to rank 15.", ExplanationText.forLanguage("en", INFO).render(x));
    }

    @Test
    void sharesAreOfTheScoreUnlessEventsAgainstTheItemCancelPartOfIt() {
        // Alien +3, Aliens +1, Heat -2: score 2, so Alien is 150% of the score; the shares are then of the
        // positive part (4), and the sentence says so
        Explanation x = new Explanation(7, 4, 1, 2.0, 0.0, "exact",
                List.of(new EventAttribution(0, 0, 10, 1, 3.0), new EventAttribution(1, 1, 20, 1, 1.0),
                        new EventAttribution(2, 2, 30, -1, -2.0)), List.of(), null, Fidelity.none(), "");
        assertEquals("Recommended because of Alien (75% of what raises its score) and Aliens (25%) in your history.",
                ExplanationText.forLanguage("en", INFO).render(x));
        // a baseline (Shapley, LIME) is not part of what the events explain: 3 of 10 - 6 is 75%
        Explanation shap = new Explanation(7, 4, 1, 10.0, 6.0, "kernelshap",
                List.of(new EventAttribution(0, 0, 10, 1, 3.0), new EventAttribution(1, 1, 20, 1, 1.0)),
                List.of(), null, Fidelity.none(), "");
        assertEquals("Recommended because of Alien (75% of its score) and Aliens (25%) in your history.",
                ExplanationText.forLanguage("en", INFO).render(shap));
    }

    @Test
    void aCounterfactualWithoutTheReasonsSaysSo() {
        // the reasons are Aliens and Alien; the smallest change found removes Heat and Ronin (positions 2, 3)
        Explanation x = new Explanation(7, 4, 1, 10.0, 0.0, "exact",
                List.of(new EventAttribution(0, 0, 10, 1, 3.0), new EventAttribution(1, 1, 20, 1, 4.0),
                        new EventAttribution(2, 2, 30, 1, 2.0), new EventAttribution(3, 3, 40, 1, 1.0)),
                List.of(), new Counterfactual(10, List.of(2, 3), List.of(2, 3), 1, 11, List.of(5), true),
                Fidelity.none(), "");
        String en = ExplanationText.forLanguage("en", INFO).render(x);
        assertTrue(en.endsWith("Removing the reasons above would not be the smallest change: without Heat and "
                + INFO.title(3) + ", it would fall to rank 11."), en);
        String zh = ExplanationText.forLanguage("zh", INFO).render(x);
        assertTrue(zh.contains("去掉上面的理由并不是最小的改变"), zh);
    }

    @Test
    void aSentenceNamesOnlyEvidenceItemsAndTheItemsOwnFacets() {
        Explanation x = bladeRunner();
        Evidence ev = new Evidence(x, INFO);
        assertEquals("Alien", ev.title(0));
        assertEquals("Sci-Fi", ev.facet("Sci-Fi"));
        // Titanic is not in the history
        assertThrows(IllegalArgumentException.class, () -> ev.title(5));
        // the recommended item itself is not history evidence
        assertThrows(IllegalArgumentException.class, () -> ev.title(4));
        // Horror is a facet of a history item but not of Blade Runner; Romance is nobody's here
        assertThrows(IllegalArgumentException.class, () -> ev.facet("Horror"));
        assertThrows(IllegalArgumentException.class, () -> ev.facet("Romance"));

        ExplanationText en = ExplanationText.forLanguage("en", INFO);
        // a tampered explanation claiming the facet Horror is refused, not rendered
        Explanation badFacet = x.withFacets(List.of(new FacetAttribution("Horror", 0.5, 5.0)));
        assertThrows(IllegalArgumentException.class, () -> en.render(badFacet));
        // a counterfactual naming an item outside the history is refused
        Explanation badCf = x.withCounterfactual(new Counterfactual(10, List.of(0), List.of(5), 1, 20, List.of(), true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> en.render(badCf));
        assertTrue(e.getMessage().contains("Titanic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExplanationText.forLanguage("fr", INFO));
    }
}
