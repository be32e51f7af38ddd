package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the real datasets of ../shared/data and checks the counts its README states. */
class ImportIT {

    static Path data;

    @BeforeAll
    static void findData() {
        data = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"));
        Assumptions.assumeTrue(Files.isDirectory(data), "skipped: ../shared/data not found");
    }

    @Test
    void ml100kUData() {
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.AUTO, data.resolve("ml-100k/u.data")));
        Dataset d = r.dataset();
        assertEquals(100_000, d.numEvents());
        assertEquals(943, d.numUsers());
        assertEquals(1_682, d.numItems());
        assertEquals(100_000, r.report().rowsRead());
        assertEquals(943, r.userAttributes().size());
        int toyStory = d.items().require("1", "item");
        assertEquals("Toy Story (1995)", d.catalog().title(toyStory));
        assertEquals(java.util.List.of("Animation", "Children's", "Comedy"), d.catalog().item(toyStory).tags());
        assertEquals(19, d.catalog().facets().size());
    }

    @Test
    void ml100kGivenSplit() {
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.ML100K, data.resolve("ml-100k/ua.base"))
                .withTest(data.resolve("ml-100k/ua.test")));
        Split s = r.split();
        long dropped = r.report().droppedTestRows();
        assertEquals(90_570, s.train().numEvents());
        assertEquals(9_430, s.test().numEvents() + dropped);
        assertEquals(100_000, r.report().rowsRead());
        assertEquals(943, s.train().activeUsers().length);
        assertEquals(1_682, s.train().numItems());
    }

    @Test
    void mlLatestSmall() {
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.AUTO,
                data.resolve("ml-latest-small/ratings.csv")));
        Dataset d = r.dataset();
        assertEquals(100_836, d.numEvents());
        assertEquals(610, d.numUsers());
        assertEquals(9_742, d.numItems(), "rated movies first, then catalogue-only movies");
        assertEquals(9_724, java.util.Arrays.stream(d.itemCounts()).filter(c -> c > 0).count());
        int p = d.items().require("11", "item");
        assertEquals("American President, The (1995)", d.catalog().title(p));
        // every genre listed and no "(no genres listed)" facet; tags from tags.csv added after the genres
        assertTrue(d.catalog().facets().find(MovieLensFormat.NO_GENRES).isEmpty());
        int m = d.items().require("60756", "item");
        assertTrue(d.catalog().item(m).tags().contains("#funny"), d.catalog().item(m).tags().toString());
        // one name per tag: no two facets equal but for case ("sci-fi" and "Sci-Fi" were two), users' tags apart
        java.util.Set<String> lower = new java.util.HashSet<>();
        for (String f : d.catalog().facets().ids()) {
            assertTrue(lower.add(f.toLowerCase(java.util.Locale.ROOT)), "two facets named " + f);
        }
        assertTrue(d.catalog().item(m).tags().stream().filter(t -> !t.startsWith("#")).allMatch(
                t -> java.util.List.of("Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary",
                        "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi",
                        "Thriller", "War", "Western").contains(t)), d.catalog().item(m).tags().toString());
    }

    @Test
    void colakgWithMetadataJoin(@TempDir Path tmp) {
        Path dir = data.resolve("ml-1m-colakg-implicit");
        ImportRequest req = ImportRequest.of(ImportFormat.USER_ITEMS, dir.resolve("train.txt"))
                .withTest(dir.resolve("test.txt"))
                .withItemMap(dir.resolve("item_map.txt"))
                .withItems(data.resolve("ml-1m/movies.dat"));
        long t0 = System.nanoTime();
        ImportResult r = Importer.importData(req);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Split s = r.split();
        assertEquals(801_218, s.train().numEvents());
        assertEquals(197_321, s.test().numEvents() + r.report().droppedTestRows());
        assertEquals(6_040, s.train().numUsers());
        assertEquals(3_260, s.train().numItems());
        for (int i = 0; i < s.train().numItems(); i++) {
            assertFalse(s.train().catalog().title(i).equals(s.train().items().id(i)),
                    "no title joined for item " + s.train().items().id(i));
        }
        int remapped0 = s.train().items().require("0", "item"); // original 1193
        assertEquals("One Flew Over the Cuckoo's Nest (1975)", s.train().catalog().title(remapped0));
        System.out.printf("colakg import: %d ms; %s%n", ms, r.report().summary());

        Path out = tmp.resolve("colakg.whyrec");
        DatasetFile.write(out, s);
        long t1 = System.nanoTime();
        Split back = DatasetFile.readSplit(out);
        System.out.printf("colakg reload: %d ms (%d bytes)%n", (System.nanoTime() - t1) / 1_000_000,
                out.toFile().length());
        assertEquals(s.test().numEvents(), back.test().numEvents());
    }

    @Test
    void beauty() {
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.AUTO,
                data.resolve("s3rec-sequential/Beauty.txt")));
        assertEquals(22_363, r.dataset().numUsers());
        assertEquals(198_502, r.dataset().numEvents());
        assertEquals(12_101, r.dataset().numItems());
    }
}
