package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemVectorsTest {

    @TempDir
    Path dir;

    private String error(String content) throws Exception {
        Path f = dir.resolve("v.csv");
        Files.writeString(f, content);
        return assertThrows(DataFormatException.class, () -> ItemVectors.read(f, "img", Set.of("a", "b", "c")))
                .getMessage();
    }

    @Test
    void badLinesNameFileAndLine() throws Exception {
        assertTrue(error("a,1,2\nb,1\n").contains("v.csv:2"), "dimension");
        assertTrue(error("a,1,2\nb,NaN,2\n").contains("v.csv:2"), "nan");
        assertTrue(error("a,1,2\nb,1,Infinity\n").contains("not finite"), "inf");
        assertTrue(error("a,1,2\nz,1,2\n").contains("unknown item 'z'"), "unknown");
        assertTrue(error("a,1,2\n\na,1,2\n").contains("v.csv:3"), "duplicate line");
        assertTrue(error("a,1,2\na,1,2\n").contains("duplicate item 'a'"), "duplicate");
        assertTrue(error("a,1,x\n").contains("not a number: 'x'"), "non-number");
    }

    @Test
    void tsvRoundTripsThroughTheSideFile() throws Exception {
        Path f = dir.resolve("v.tsv");
        Files.writeString(f, "# comment\na\t0.5\t-1\t2\nc\t1e-3\t0\t3\n");
        ItemVectors v = ItemVectors.read(f, "audio", Set.of("a", "b", "c"));
        assertEquals(3, v.dimension());
        assertEquals(2, v.size());
        Path ds = dir.resolve("dataset.whyrec");
        assertNull(ItemVectors.readNextTo(ds));
        v.writeNextTo(ds);
        ItemVectors back = ItemVectors.readNextTo(ds);
        assertEquals("audio", back.label());
        assertEquals(3, back.dimension());
        assertArrayEquals(new float[] {0.5f, -1f, 2f}, back.vector("a"));
        assertArrayEquals(new float[] {1e-3f, 0f, 3f}, back.vector("c"));
        assertNull(back.vector("b"));
    }
}
