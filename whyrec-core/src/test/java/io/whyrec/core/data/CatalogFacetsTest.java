package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing a catalogue's facets (discovered tags attached or put instead of the items' own, or every facet left
 * out) keeps everything else of it: ids, titles, texts and the precomputed item vectors; compacting a dataset
 * keeps the vectors too.
 */
class CatalogFacetsTest {

    @TempDir
    Path dir;

    /** Items a, b, c with titles, texts and own facets; 2-d vectors for all three. */
    private ItemCatalog catalog() throws Exception {
        Map<String, Item> meta = Map.of(
                "a", new Item("a", "Alien", "space horror", List.of("Sci-Fi", "Horror")),
                "b", new Item("b", "Annie Hall", "a comedy of love", List.of("Comedy", "auto: old, tag")),
                "c", new Item("c", "Heat", "a heist", List.of("Crime")));
        Path f = dir.resolve("v.csv");
        Files.writeString(f, "a,1,0\nb,0,1\nc,0.5,0.5\n");
        return ItemCatalog.of(IdIndex.of(List.of("a", "b", "c")), meta)
                .withVectors(ItemVectors.read(f, "image-clip", Set.of("a", "b", "c")));
    }

    private static final List<CatalogTagger.Tag> TAGS = List.of(
            new CatalogTagger.Tag("auto: space, alien", List.of("a"), "Sci-Fi", 1.0),
            new CatalogTagger.Tag("auto: love, heist", List.of("b", "c"), "Comedy", 0.5));

    private static void assertContentKept(ItemCatalog before, ItemCatalog after) {
        assertEquals(before.items().ids(), after.items().ids());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.item(i).title(), after.item(i).title());
            assertEquals(before.item(i).text(), after.item(i).text());
        }
        assertSame(before.vectors(), after.vectors(), "the item vectors travel with the catalogue");
        assertArrayEquals(new float[] {1, 0}, after.vectors().vector("a"));
    }

    @Test
    void attachKeepsTextsAndVectorsAndReplacesEarlierDiscoveredTags() throws Exception {
        ItemCatalog before = catalog();
        ItemCatalog attached = CatalogTagger.attach(before, TAGS, false);
        assertContentKept(before, attached);
        assertEquals(List.of("Sci-Fi", "Horror", "auto: space, alien"), attached.item(0).tags());
        assertEquals(List.of("Comedy", "auto: love, heist"), attached.item(1).tags(),
                "the earlier auto: tag is dropped");
        assertTrue(attached.facets().find("auto: love, heist").isPresent());
        assertFalse(attached.facets().find("auto: old, tag").isPresent());
        int tag = attached.facets().find("auto: love, heist").getAsInt();
        assertTrue(java.util.Arrays.stream(attached.facetsOf(2)).anyMatch(f -> f == tag), "the facet index is rebuilt");
    }

    @Test
    void replaceKeepsTextsAndVectorsAndLeavesOnlyTheDiscoveredTags() throws Exception {
        ItemCatalog before = catalog();
        ItemCatalog replaced = CatalogTagger.attach(before, TAGS, true);
        assertContentKept(before, replaced);
        assertEquals(List.of("auto: space, alien", "auto: love, heist"), replaced.facets().ids());
        assertEquals(List.of("auto: love, heist"), replaced.item(2).tags());
    }

    @Test
    void withoutFacetsKeepsTheRest() throws Exception {
        ItemCatalog before = catalog();
        ItemCatalog bare = before.withFacets(item -> List.of());
        assertContentKept(before, bare);
        assertEquals(0, bare.facets().size());
        for (int i = 0; i < bare.size(); i++) {
            assertEquals(0, bare.facetsOf(i).length);
        }
    }

    @Test
    void aDatasetTakesAnotherCatalogueOfTheSameItemsOnly() throws Exception {
        ItemCatalog cat = catalog();
        Dataset d = Dataset.fromColumns(IdIndex.of(List.of("u")), cat, List.of("view"), new int[] {0, 0},
                new int[] {0, 2}, new long[] {1, 2}, new float[] {1, 1}, new short[] {0, 0});
        Dataset bare = d.withCatalog(cat.withFacets(item -> List.of()));
        assertEquals(0, bare.catalog().facets().size());
        assertArrayEquals(d.itemsOf(0), bare.itemsOf(0));
        ItemCatalog other = ItemCatalog.of(IdIndex.of(List.of("a", "c", "b")), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withCatalog(other));
        assertTrue(e.getMessage().contains("another item index"), e.getMessage());
    }

    @Test
    void compactKeepsTheItemVectors() throws Exception {
        ItemCatalog cat = catalog();
        // item b has no events: compacting drops it, and a and c keep their vectors
        Dataset d = Dataset.fromColumns(IdIndex.of(List.of("u", "v")), cat, List.of("view"), new int[] {0, 0},
                new int[] {0, 2}, new long[] {1, 2}, new float[] {1, 1}, new short[] {0, 0});
        Dataset compact = Preprocess.compact(d);
        assertEquals(List.of("a", "c"), compact.items().ids());
        assertEquals("image-clip", compact.catalog().vectors().label());
        assertArrayEquals(new float[] {0.5f, 0.5f}, compact.catalog().vectors().vector("c"));
        Split s = Preprocess.compact(new Split(d, d, "t"));
        assertSame(cat.vectors(), s.test().catalog().vectors());
    }
}
