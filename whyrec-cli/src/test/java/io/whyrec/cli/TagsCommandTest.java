package io.whyrec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.whyrec.api.Item;
import io.whyrec.core.data.CatalogTagger;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.server.store.DatasetSeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code whyrec tags} end to end on a catalogue with three planted topics (each item's text drawn from its
 * topic's words, its genre the topic's): the hashing encoder finds the topics, purity is far above the shuffled
 * figure, and {@code --attach} / {@code --replace} write the tags into the data directory's catalogue, where the
 * profile command reads them.
 */
class TagsCommandTest {

    @TempDir
    Path dir;

    private static final String[][] TOPICS = {
            {"Sci-Fi", "space", "rocket", "planet", "alien", "galaxy", "orbit"},
            {"Romance", "love", "wedding", "heart", "kiss", "romance", "couple"},
            {"Crime", "murder", "detective", "police", "crime", "gangster", "heist"}};

    private void writeCatalogue() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> ids = new ArrayList<>();
        Map<String, Item> items = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String[] topic = TOPICS[i % 3];
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                text.append(topic[1 + rnd.nextInt(topic.length - 1)]).append(' ');
            }
            String id = "m" + i;
            ids.add(id);
            items.put(id, new Item(id, "Film " + i, text.toString().trim(), List.of(topic[0])));
        }
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(ids), items);
        int n = 30;
        int[] user = new int[n];
        int[] item = new int[n];
        long[] time = new long[n];
        float[] value = new float[n];
        short[] type = new short[n];
        for (int e = 0; e < n; e++) {
            user[e] = e % 2;
            item[e] = e % 2 == 0 ? 3 * (e / 2) : 3 * (e / 2) + 1;
            time[e] = 1_000_000L + e;
            value[e] = 4;
        }
        Dataset data = Dataset.fromColumns(IdIndex.of(List.of("u1", "u2")), catalog, List.of("rating"), user, item,
                time, value, type);
        DatasetFile.write(dir.resolve(DatasetSeed.FILE), data);
    }

    /** {@link CliTest#run} as code, standard output and standard error. */
    private static String[] run(String... args) {
        CliTest.Run r = CliTest.run(args);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }

    @Test
    void discoversThePlantedTopicsAndAttachesThemAsFacets() throws Exception {
        writeCatalogue();
        String[] r = run("tags", "--data-dir", dir.toString(), "--tags", "3", "--encoder", "hashing", "--json",
                "--quiet");
        assertEquals("0", r[0], r[2]);
        JsonNode json = Json.mapper().readTree(r[1]);
        assertEquals(3, json.get("tags").size());
        assertEquals(1.0, json.get("purity").asDouble(), 1e-9, r[1]);
        assertTrue(json.get("shuffledPurity").asDouble() < 0.7, r[1]);
        for (JsonNode t : json.get("tags")) {
            assertEquals(20, t.get("items").asInt(), r[1]);
            assertTrue(t.get("name").asText().startsWith(CatalogTagger.PREFIX), r[1]);
        }
        assertTrue(json.get("attached").isNull());
        ItemCatalog before = DatasetFile.read(dir.resolve(DatasetSeed.FILE)).dataset().catalog();
        assertEquals(List.of("Sci-Fi"), before.item(0).tags(), "without --attach nothing is written");

        r = run("tags", "--data-dir", dir.toString(), "--tags", "3", "--encoder", "hashing", "--attach", "--quiet");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("purity against the catalogue's facets: 1.000"), r[1]);
        ItemCatalog attached = DatasetFile.read(dir.resolve(DatasetSeed.FILE)).dataset().catalog();
        List<String> tags0 = attached.item(0).tags();
        assertEquals(2, tags0.size(), tags0.toString());
        assertEquals("Sci-Fi", tags0.get(0));
        String sciFiTag = tags0.get(1);
        assertTrue(sciFiTag.startsWith(CatalogTagger.PREFIX), sciFiTag);
        for (int i = 0; i < 60; i += 3) {
            assertEquals(sciFiTag, attached.item(i).tags().get(1), "every Sci-Fi item gets the same tag");
        }
        String[] profile = run("profile", "--data-dir", dir.toString(), "--user", "u1", "--json");
        assertEquals("0", profile[0], profile[2]);
        assertTrue(profile[1].contains(sciFiTag), profile[1]);

        r = run("tags", "--data-dir", dir.toString(), "--tags", "3", "--encoder", "hashing", "--replace", "--quiet");
        assertEquals("0", r[0], r[2]);
        ItemCatalog replaced = DatasetFile.read(dir.resolve(DatasetSeed.FILE)).dataset().catalog();
        assertEquals(1, replaced.item(0).tags().size(), replaced.item(0).tags().toString());
        assertTrue(replaced.item(0).tags().get(0).startsWith(CatalogTagger.PREFIX));
        assertFalse(replaced.facets().find("Sci-Fi").isPresent(), "--replace drops the catalogue's own facets");
    }

    /**
     * A catalogue without a taxonomy: the same generic files imported with {@code --no-facets} (texts kept, no
     * facet) and with their genres; {@code tags --truth} measures purity against the second directory's genres,
     * and {@code --replace} leaves the discovered tags as the only facets, which the profile then shows.
     */
    @Test
    void aCatalogueWithoutFacetsIsTaggedAndMeasuredAgainstAnotherDirectorysGenres() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        List<String> items = new ArrayList<>(List.of("id,title,text,tags"));
        for (int i = 0; i < 60; i++) {
            String[] topic = TOPICS[i % 3];
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                text.append(topic[1 + rnd.nextInt(topic.length - 1)]).append(' ');
            }
            items.add("m" + i + ",Film " + i + "," + text.toString().trim() + "," + topic[0]);
        }
        List<String> events = new ArrayList<>(List.of("user,item,timestamp,event_type,value"));
        for (int e = 0; e < 20; e++) {
            events.add("u1,m" + (3 * e) + "," + (1_600_000_000L + e) + ",view,1");
            events.add("u2,m" + (3 * e + 1) + "," + (1_600_000_000L + e) + ",view,1");
        }
        java.nio.file.Files.write(dir.resolve("items.csv"), items);
        java.nio.file.Files.write(dir.resolve("events.csv"), events);
        Path bare = dir.resolve("bare");
        Path genres = dir.resolve("genres");
        String[] imp = run("import", "--format", "generic", "--train", dir.resolve("events.csv").toString(),
                "--items", dir.resolve("items.csv").toString(), "--no-facets", "--data-dir", bare.toString());
        assertEquals("0", imp[0], imp[2]);
        assertTrue(imp[1].contains("facets left out: 3 facet names dropped from 60 items (--no-facets)"), imp[1]);
        imp = run("import", "--format", "generic", "--train", dir.resolve("events.csv").toString(), "--items",
                dir.resolve("items.csv").toString(), "--data-dir", genres.toString());
        assertEquals("0", imp[0], imp[2]);
        ItemCatalog plain = DatasetFile.read(bare.resolve(DatasetSeed.FILE)).dataset().catalog();
        assertEquals(0, plain.facets().size(), "--no-facets: no facet at all");
        assertEquals("Film 0", plain.item(0).title());
        assertFalse(plain.item(0).text().isBlank(), "the texts are kept");

        String[] r = run("tags", "--data-dir", bare.toString(), "--tags", "3", "--encoder", "hashing", "--quiet");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("the items have no facets of their own to compare with (give --truth DIR)"), r[1]);

        r = run("tags", "--data-dir", bare.toString(), "--tags", "3", "--encoder", "hashing", "--truth",
                genres.toString(), "--replace", "--json", "--quiet");
        assertEquals("0", r[0], r[2]);
        JsonNode json = Json.mapper().readTree(r[1]);
        assertEquals(1.0, json.get("purity").asDouble(), 1e-9, r[1]);
        assertTrue(json.get("shuffledPurity").asDouble() < 0.7, r[1]);
        assertEquals(genres.toString(), json.get("purityAgainst").asText());
        assertEquals(60, json.get("labelledItems").asInt());
        List<String> dominant = new ArrayList<>();
        json.get("tags").forEach(t -> dominant.add(t.get("dominantFacet").asText()));
        assertEquals(List.of("Crime", "Romance", "Sci-Fi"), dominant.stream().sorted().toList(),
                "each tag is named beside the genre it matches");
        ItemCatalog tagged = DatasetFile.read(bare.resolve(DatasetSeed.FILE)).dataset().catalog();
        assertEquals(3, tagged.facets().size());
        assertTrue(tagged.facets().ids().stream().allMatch(f -> f.startsWith(CatalogTagger.PREFIX)),
                tagged.facets().ids().toString());
        assertEquals(plain.item(5).text(), tagged.item(5).text());
        String[] profile = run("profile", "--data-dir", bare.toString(), "--user", "u1", "--json");
        assertEquals("0", profile[0], profile[2]);
        assertTrue(profile[1].contains(tagged.item(0).tags().get(0)), profile[1]);

        // a truth directory of other item ids (i0..i19) has nothing to compare with, and says so
        Path others = dir.resolve("others");
        java.nio.file.Files.createDirectories(others);
        Path otherEvents = CliTest.writeTasteGroups(others, 1);
        imp = run("import", "--format", "generic", "--train", otherEvents.toString(), "--items",
                others.resolve("items.csv").toString(), "--data-dir", others.resolve("d").toString());
        assertEquals("0", imp[0], imp[2]);
        r = run("tags", "--data-dir", bare.toString(), "--tags", "3", "--encoder", "hashing", "--quiet", "--truth",
                others.resolve("d").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("purity: no item has facets in " + others.resolve("d") + " to compare with"), r[1]);

        r = run("tags", "--data-dir", bare.toString(), "--tags", "3", "--encoder", "hashing", "--quiet", "--truth",
                dir.resolve("nowhere").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--truth: " + dir.resolve("nowhere").resolve(DatasetSeed.FILE) + " not found"),
                r[2]);
    }

    @Test
    void badRequestsSayWhat() {
        writeCatalogue();
        String[] r = run("tags", "--data-dir", dir.toString(), "--tags", "0", "--encoder", "hashing", "--quiet");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("tags: 0 is outside 1..60"), r[2]);
        r = run("tags", "--data-dir", dir.toString(), "--encoder", "gpt", "--quiet");
        assertTrue(r[2].contains("parameter 'encoder' must be one of auto|minilm|bge-zh|hashing|vectors, got 'gpt'"), r[2]);
        r = run("tags", "--data-dir", dir.toString(), "--attach", "--replace");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--attach and --replace exclude each other"), r[2]);
        r = run("tags", "--data-dir", dir.resolve("nothing").toString());
        assertTrue(r[2].contains("not found: import the data first"), r[2]);
    }
}
