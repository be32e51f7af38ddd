package io.whyrec.explain.narrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.Fidelity;
import io.whyrec.api.ItemInfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-built explanation of "Blade Runner (1982)" and the recorded narrator answers about it.
 *
 * <p>Events: Alien +0.41, Aliens +0.23, Toy Story +0.06, Usual Suspects -0.05; score 0.65 = 0.41 + 0.23 + 0.06
 * - 0.05 (exact, baseline 0). The largest reason 0.41 <= 0.65, so shares are of the score: Alien 0.41 / 0.65 =
 * 63.08% ("63%"), Aliens 0.23 / 0.65 = 35.38% ("35%"), Toy Story 0.06 / 0.65 = 9.23% ("9%"). Evidence total
 * 0.70; Sci-Fi (Alien's and Aliens' halves) = 0.205 + 0.115 = 0.32, share 0.32 / 0.70 = 45.7%; Film-Noir, a facet
 * of the item, has no evidence. Counterfactual: removing Alien and Aliens moves it from rank 3 to 14 (k = 10).
 */
final class Fixture {

    static final String[] TITLES = {"Alien (1979)", "Aliens (1986)", "Toy Story (1995)", "Blade Runner (1982)",
            "Usual Suspects, The (1995)", "Fargo (1996)"};
    static final List<List<String>> FACETS = List.of(List.of("Sci-Fi", "Horror"), List.of("Sci-Fi", "Action"),
            List.of("Animation", "Comedy"), List.of("Sci-Fi", "Film-Noir"), List.of("Crime", "Thriller"),
            List.of("Crime", "Drama"));

    static final ItemInfo INFO = new ItemInfo() {
        @Override
        public String title(int item) {
            return TITLES[item];
        }

        @Override
        public List<String> facets(int item) {
            return FACETS.get(item);
        }
    };

    static final Vocabulary VOCABULARY = Vocabulary.of(INFO, TITLES.length);

    static Explanation explanation() {
        List<EventAttribution> events = List.of(new EventAttribution(0, 0, 100, 1, 0.41),
                new EventAttribution(1, 1, 200, 1, 0.23), new EventAttribution(2, 2, 300, 1, 0.06),
                new EventAttribution(3, 4, 400, 1, -0.05));
        List<FacetAttribution> facets = List.of(new FacetAttribution("Sci-Fi", 0.32 / 0.70, 0.32),
                new FacetAttribution("Film-Noir", 0, 0));
        Counterfactual cf = new Counterfactual(10, List.of(0, 1), List.of(0, 1), 3, 14, List.of(5), true);
        return new Explanation(7, 3, 3, 0.65, 0, "exact", events, facets, cf, Fidelity.none(), "");
    }

    /**
     * One recorded answer.
     *
     * @param lang   en or zh
     * @param expect "grounded", or the violation kind the gate must find
     * @param text   the answer
     */
    record Answer(String lang, String expect, String text) {
    }

    static List<Answer> answers() throws IOException {
        try (InputStream in = Fixture.class.getResourceAsStream("recorded-answers.json")) {
            List<Answer> out = new ArrayList<>();
            for (JsonNode n : new ObjectMapper().readTree(in)) {
                out.add(new Answer(n.get("lang").asText(), n.get("expect").asText(), n.get("text").asText()));
            }
            return out;
        }
    }

    private Fixture() {
    }
}
