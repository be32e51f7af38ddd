package io.whyrec.text.embed;

import io.whyrec.api.Progress;
import io.whyrec.core.config.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbedderTest {

    /** Counts the texts that reach the model. */
    static final class Counting implements TextEncoder {
        final TextEncoder inner = new HashingEncoder(32);
        int calls;
        int texts;

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public float[][] encode(List<String> batch) {
            calls++;
            texts += batch.size();
            return inner.encode(batch);
        }
    }

    @Test
    void secondRunReadsEverythingFromTheDiskCache(@TempDir Path dir) {
        List<String> texts = List.of("alien spaceship crew", "toy story", "alien spaceship crew", "heat", "casino");
        Counting first = new Counting();
        List<long[]> ticks = new ArrayList<>();
        Progress progress = (task, done, total) -> ticks.add(new long[] {done, total});
        EmbeddingRun a = new Embedder(first, EmbeddingCache.open(dir, first.name(), 32), 2).embed(texts, progress);
        // 4 distinct texts, batches of 2 -> 2 model calls, duplicates encoded once
        assertEquals(2, first.calls);
        assertEquals(4, first.texts);
        assertEquals(4, a.computed());
        assertEquals(0, a.fromCache());
        assertArrayEquals(a.vectors()[0], a.vectors()[2]);
        assertEquals(List.of(4L, 4L), List.of(ticks.get(ticks.size() - 1)[0], ticks.get(ticks.size() - 1)[1]));

        Counting second = new Counting();
        EmbeddingCache reopened = EmbeddingCache.open(dir, second.name(), 32);
        assertEquals(4, reopened.size());
        EmbeddingRun b = new Embedder(second, reopened, 2).embed(texts, Progress.NONE);
        assertEquals(0, second.calls, "a second run must re-embed nothing");
        assertEquals(4, b.fromCache());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(a.vectors()[i], b.vectors()[i]);
        }
        // one new text: only it reaches the model
        EmbeddingRun c = new Embedder(second, reopened, 2).embed(List.of("heat", "ronin"), Progress.NONE);
        assertEquals(1, second.texts);
        assertEquals(1, c.computed());
    }

    @Test
    void aRecordCutShortIsIgnoredAndOverwritten(@TempDir Path dir) throws Exception {
        Counting enc = new Counting();
        new Embedder(enc, EmbeddingCache.open(dir, enc.name(), 32), 8).embed(List.of("a b", "c d"), Progress.NONE);
        Path file = EmbeddingCache.open(dir, enc.name(), 32).file();
        long full = Files.size(file);
        Files.write(file, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND); // a crash mid-record
        EmbeddingCache c = EmbeddingCache.open(dir, enc.name(), 32);
        assertEquals(2, c.size());
        new Embedder(enc, c, 8).embed(List.of("e f"), Progress.NONE);
        // header + 3 records of 32 hash bytes + 32 floats; the 5 stray bytes are gone
        assertEquals(full + 32 + 4 * 32, Files.size(file));
        assertEquals(3, EmbeddingCache.open(dir, enc.name(), 32).size());
    }

    @Test
    void aCacheOfAnotherDimensionIsRejectedNamingTheFile(@TempDir Path dir) {
        Counting enc = new Counting();
        new Embedder(enc, EmbeddingCache.open(dir, enc.name(), 32), 8).embed(List.of("x"), Progress.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EmbeddingCache.open(dir, enc.name(), 64));
        assertTrue(e.getMessage().contains(".emb") && e.getMessage().contains("32"), e.getMessage());
    }

    @Test
    void scriptDetectionPicksTheChineseModelForChineseText() {
        // 4 letters, 2 of them Han -> share 0.5
        assertEquals(0.5, Languages.cjkShare(List.of("ab", "电影")), 1e-12);
        assertEquals(OnnxEncoder.BGE_ZH, EmbeddingConfig.defaults().encoderFor(List.of("桀骜不驯的如龙武功高强")).name());
        assertEquals(OnnxEncoder.MINILM, EmbeddingConfig.defaults().encoderFor(List.of("Toy Story (1995)")).name());
        Params bge = Params.of("content", Map.of("encoder", "bge-zh"), Set.of("encoder"));
        assertEquals(EmbeddingConfig.Choice.BGE_ZH, bge.choice("encoder", EmbeddingConfig.Choice.class, null));
        Params gpt = Params.of("content", Map.of("encoder", "gpt"), Set.of("encoder"));
        assertEquals("content: parameter 'encoder' must be one of auto|minilm|bge-zh|hashing|vectors, got 'gpt'",
                assertThrows(IllegalArgumentException.class,
                        () -> gpt.choice("encoder", EmbeddingConfig.Choice.class, null)).getMessage());
    }

    @Test
    void hashingTokensSplitCjkIntoCharactersAndPairs() {
        assertEquals(List.of("toy", "story", "2", "玩", "具", "玩具"), HashingEncoder.tokens("Toy-Story 2 玩具"));
    }
}
