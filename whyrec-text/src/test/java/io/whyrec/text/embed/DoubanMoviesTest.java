package io.whyrec.text.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoubanMoviesTest {

    @Test
    void readsBomQuotesDoubledQuotesAndLineBreaksInFields(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("movies.csv");
        Files.writeString(f, "\uFEFF\"MOVIE_ID\",\"NAME\",\"GENRES\",\"STORYLINE\",\"TAGS\"\n"
                + "\"1\",\"情定河州\",\"剧情/爱情\",\"讲述\"\"励志\"\"的故事,\n第二行\",\"甘肃/2016\"\r\n"
                + "\"2\",\"B\",\"\",\"\",\"\"\n", StandardCharsets.UTF_8);
        List<Item> items = DoubanMovies.read(f);
        assertEquals(2, items.size());
        Item a = items.get(0);
        assertEquals("1", a.id());
        assertEquals("情定河州", a.title());
        assertEquals("讲述\"励志\"的故事,\n第二行", a.text());
        assertEquals(List.of("剧情", "爱情", "甘肃", "2016"), a.tags());
        assertEquals(List.of(), items.get(1).tags());
    }

    @Test
    void badInputNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "\"MOVIE_ID\",\"NAME\"\n\"1\",\"a\"\n\"2\",\"b\",\"extra\"\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DoubanMovies.read(f));
        assertTrue(e.getMessage().contains("m.csv:3") && e.getMessage().contains("3 fields"), e.getMessage());
        Files.writeString(f, "\"MOVIE_ID\",\"NAME\"\n\"1\",\"a\n");
        e = assertThrows(IllegalArgumentException.class, () -> DoubanMovies.read(f));
        assertTrue(e.getMessage().contains("m.csv:2") && e.getMessage().contains("never closed"), e.getMessage());
        Files.writeString(f, "\"ID\",\"NAME\"\n");
        e = assertThrows(IllegalArgumentException.class, () -> DoubanMovies.read(f));
        assertTrue(e.getMessage().contains("MOVIE_ID"), e.getMessage());
    }
}
