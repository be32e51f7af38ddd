package io.whyrec.text.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.text.model.ItemEmbeddings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoTaggerTest {

    /**
     * Three planted groups of 4 items in 3 dimensions, each near one axis, each with its own words:
     * k-means with k = 3 must recover them (purity 1), and each tag is named by its group's words.
     */
    @Test
    void recoversPlantedClustersAndNamesThemByTheirWords() {
        float[][] v = new float[12][];
        List<String> texts = new ArrayList<>();
        List<List<String>> genres = new ArrayList<>();
        String[][] words = {{"vampire", "castle"}, {"spaceship", "alien"}, {"wedding", "romance"}};
        String[] genre = {"Horror", "Sci-Fi", "Romance"};
        for (int i = 0; i < 12; i++) {
            int g = i % 3;
            v[i] = new float[] {0.1f * (i % 2), 0.1f * ((i + 1) % 2), 0.05f};
            v[i][g] = 1;
            texts.add("The " + words[g][0] + " and the " + words[g][1] + " number" + i);
            genres.add(List.of(genre[g]));
        }
        ItemEmbeddings x = ItemEmbeddings.of("t", v, null);
        List<AutoTag> tags = AutoTagger.discover(x, texts, genres, new AutoTagger.Config(3, 2, 2, 50, 1));
        int[] a = AutoTagger.assignment(tags, 12);
        assertEquals(1.0, AutoTagger.purity(a, 3, genres), 1e-12);
        for (AutoTag t : tags) {
            int g = t.members()[0] % 3;
            assertEquals(genre[g], t.dominantGenre());
            assertEquals(1.0, t.genreShare(), 1e-12);
            // "castle" < "vampire" alphabetically; both have tf-idf 1 * ln 3 (ties broken by term)
            assertEquals(genre[g] + ": " + String.join(", ", List.of(words[g]).stream().sorted().toList()), t.name());
        }
        // a shuffled assignment has lower purity; hand count for this seed is not needed: it must be < 1
        assertTrue(AutoTagger.purity(AutoTagger.shuffled(a, 5), 3, genres) < 1.0);
    }

    @Test
    void stopWordsNumbersAndShortWordsAreNotTerms() {
        assertTrue(TagNamer.isTerm("vampire"));
        assertTrue(!TagNamer.isTerm("the") && !TagNamer.isTerm("film") && !TagNamer.isTerm("1995")
                && !TagNamer.isTerm("ox"));
        assertTrue(TagNamer.isTerm("爱情") && !TagNamer.isTerm("爱"));
    }
}
