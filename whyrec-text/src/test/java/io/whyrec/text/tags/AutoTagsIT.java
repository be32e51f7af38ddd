package io.whyrec.text.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import io.whyrec.api.Progress;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.Split;
import io.whyrec.text.coldstart.ColdStartIT;
import io.whyrec.text.embed.DoubanMovies;
import io.whyrec.text.embed.Embedder;
import io.whyrec.text.embed.EmbeddingConfig;
import io.whyrec.text.embed.EmbeddingRun;
import io.whyrec.text.embed.ItemTexts;
import io.whyrec.text.embed.OnnxEncoder;
import io.whyrec.text.model.ItemEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Auto tags on real catalogues: ML-1M items with their LLM descriptions (all-MiniLM-L6-v2, 20 tags, purity
 * against the MovieLens genres next to a shuffled clustering of the same sizes), and the Chinese Douban sample
 * (the script detection must pick bge-small-zh-v1.5).
 */
class AutoTagsIT {

    @Test
    void ml1mTagsArePurerThanChanceAndReadable() {
        Split split = ColdStartIT.ml1mWithDescriptions();
        ItemCatalog catalog = split.train().catalog();
        List<String> texts = ItemTexts.of(catalog);
        Embedder embedder = Embedder.of(EmbeddingConfig.defaults().withCacheDir(ColdStartIT.CACHE), texts);
        assertEquals(OnnxEncoder.MINILM, embedder.encoder().name());
        EmbeddingRun run = embedder.embed(texts, Progress.NONE);
        System.out.println("ml-1m " + run.summary());
        ItemEmbeddings x = ItemEmbeddings.of(run.model(), run.vectors(), run);
        List<String> naming = new ArrayList<>();
        List<List<String>> genres = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            Item it = catalog.item(i);
            naming.add(it.title() + ". " + it.text());
            genres.add(it.tags());
        }
        for (int k : new int[] {18, 30}) {
            long t0 = System.nanoTime();
            List<AutoTag> tags = AutoTagger.discover(x, naming, genres, AutoTagger.Config.defaults().with(k, 42));
            int[] a = AutoTagger.assignment(tags, catalog.size());
            double purity = AutoTagger.purity(a, k, genres);
            double chance = AutoTagger.purity(AutoTagger.shuffled(a, 42), k, genres);
            System.out.printf("k=%d: purity %.3f vs shuffled %.3f (%.1f s)%n", k, purity, chance,
                    (System.nanoTime() - t0) / 1e9);
            for (AutoTag t : tags) {
                System.out.printf("  tag %2d (%4d items, %.0f%% %s): %s%n", t.id(), t.members().length,
                        100 * t.genreShare(), t.dominantGenre(), t.name());
                assertTrue(t.terms().stream().allMatch(w -> w.chars().allMatch(Character::isLetter)), t.name());
            }
            assertTrue(purity > chance + 0.1, "purity " + purity + " vs chance " + chance);
        }
    }

    @Test
    void doubanChineseCatalogueUsesTheChineseModel() {
        Path file = ColdStartIT.DATA.resolve("douban-antspider-sample/movies.csv");
        Assumptions.assumeTrue(Files.isRegularFile(file), "skipped: ../shared/data not found");
        List<Item> items = DoubanMovies.read(file);
        List<String> texts = items.stream().map(ItemTexts::of).toList();
        Embedder embedder = Embedder.of(EmbeddingConfig.defaults().withCacheDir(ColdStartIT.CACHE), texts);
        assertEquals(OnnxEncoder.BGE_ZH, embedder.encoder().name());
        EmbeddingRun run = embedder.embed(texts, Progress.NONE);
        System.out.println("douban " + run.summary());
        ItemEmbeddings x = ItemEmbeddings.of(run.model(), run.vectors(), run);
        List<List<String>> genres = new ArrayList<>();
        List<String> naming = new ArrayList<>();
        for (Item it : items) {
            naming.add(it.title() + " " + it.text() + " " + String.join(" ", it.tags()));
            genres.add(it.tags().isEmpty() ? List.of() : List.of(it.tags().get(0)));
        }
        List<AutoTag> tags = AutoTagger.discover(x, naming, genres, AutoTagger.Config.defaults().with(10, 42));
        for (AutoTag t : tags) {
            System.out.printf("  tag %d (%d items): %s%n", t.id(), t.members().length, t.name());
        }
        int[] a = AutoTagger.assignment(tags, items.size());
        double purity = AutoTagger.purity(a, 10, genres);
        double chance = AutoTagger.purity(AutoTagger.shuffled(a, 42), 10, genres);
        System.out.printf("douban k=10: purity (first genre) %.3f vs shuffled %.3f%n", purity, chance);
        assertTrue(purity > chance);
    }
}
