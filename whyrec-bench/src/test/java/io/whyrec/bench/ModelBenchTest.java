package io.whyrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.model.BinaryMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's bookkeeping on a small seeded matrix (its speed is what it measures, not what this checks). */
class ModelBenchTest {

    @TempDir
    Path dir;

    private Path seededUserItems(int users, int items, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < users; u++) {
            sb.append(u);
            // user u always has item u % items, so every column is used and the matrix has `items` columns
            sb.append(' ').append(u % items);
            for (int t = 0; t < 6; t++) {
                sb.append(' ').append(rnd.nextInt(items));
            }
            sb.append('\n');
        }
        Path file = dir.resolve("train.txt");
        Files.writeString(file, sb);
        return file;
    }

    @Test
    void reportsTheMatrixItMeasuredAndOrderedLatencies() throws IOException {
        Path file = seededUserItems(120, 40, 7);
        ModelBench.Result r = ModelBench.run(file, 50.0, 3, 5, 1);
        BinaryMatrix x = BinaryMatrix.readUserItems(file);
        assertEquals(120, r.users());
        assertEquals(40, r.items());
        assertEquals(x.numItems(), r.items());
        assertEquals(3, r.fitSeconds().length);
        assertTrue(r.recommendP50Ms() <= r.recommendP99Ms() && r.recommendP99Ms() <= r.recommendMaxMs(),
                r.summary());
        assertTrue(ModelBench.baselineEjmlFitSeconds(file, 50.0, 1) > 0.0);
    }

    @Test
    void aBadItemIdIsNamedByFileAndLine() throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "0 1 2\n1 3 x7\n");
        IOException e = assertThrows(IOException.class, () -> BinaryMatrix.readUserItems(file));
        assertTrue(e.getMessage().contains("bad.txt:2") && e.getMessage().contains("x7"), e.getMessage());
    }
}
