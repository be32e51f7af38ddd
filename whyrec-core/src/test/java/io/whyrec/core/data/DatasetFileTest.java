package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips of datasets and splits, and the errors for damaged files. */
class DatasetFileTest {

    @TempDir
    Path dir;

    Split split() throws IOException {
        Path train = dir.resolve("events.csv");
        Files.writeString(train, "user,item,timestamp,event_type,value\nu1,a,5,view,1\nu1,b,3,buy,2.5\nu2,a,9,view,1\n");
        Path test = dir.resolve("test.csv");
        Files.writeString(test, "user,item,timestamp\nu2,b,20\n");
        Path items = dir.resolve("items.jsonl");
        Files.writeString(items, "{\"id\":\"a\",\"title\":\"Äpfel 苹果\",\"text\":\"long text\",\"tags\":[\"x\",\"y\"]}\n"
                + "{\"id\":\"z\",\"title\":\"Catalogue only\"}\n");
        return Importer.importData(ImportRequest.of(ImportFormat.GENERIC, train).withTest(test).withItems(items))
                .split();
    }

    static void assertSame(Dataset a, Dataset b) {
        assertEquals(a.users().ids(), b.users().ids());
        assertEquals(a.items().ids(), b.items().ids());
        assertEquals(a.eventTypes(), b.eventTypes());
        for (int i = 0; i < a.numItems(); i++) {
            assertEquals(a.catalog().item(i), b.catalog().item(i));
            assertArrayEquals(a.catalog().facetsOf(i), b.catalog().facetsOf(i));
        }
        assertArrayEquals(a.userStartArray(), b.userStartArray());
        assertArrayEquals(Arrays.copyOf(a.itemArray(), a.numEvents()), b.itemArray());
        assertArrayEquals(Arrays.copyOf(a.timeArray(), a.numEvents()), b.timeArray());
        assertArrayEquals(Arrays.copyOf(a.valueArray(), a.numEvents()), b.valueArray());
        assertArrayEquals(Arrays.copyOf(a.typeArray(), a.numEvents()), b.typeArray());
    }

    @Test
    void splitRoundTrip() throws IOException {
        Split s = split();
        Path f = dir.resolve("s.whyrec");
        DatasetFile.write(f, s);
        Split back = DatasetFile.readSplit(f);
        assertSame(s.train(), back.train());
        assertSame(s.test(), back.test());
        assertEquals(s.name(), back.name());
        assertTrue(back.train().users() == back.test().users(), "parts share the user index after reading");
        assertEquals("Äpfel 苹果", back.train().catalog().title(0));
        assertEquals(2.5f, back.train().value(0));
    }

    @Test
    void datasetRoundTripAndKindCheck() throws IOException {
        Dataset d = split().train();
        Path f = dir.resolve("d.whyrec");
        DatasetFile.write(f, d);
        assertSame(d, DatasetFile.readDataset(f));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetFile.readSplit(f));
        assertTrue(e.getMessage().contains("not a train/test split"), e.getMessage());
    }

    @Test
    void corruptByteIsDetected() throws IOException {
        Path f = dir.resolve("d.whyrec");
        DatasetFile.write(f, split().train());
        byte[] b = Files.readAllBytes(f);
        b[b.length - 3] ^= 0x40;
        Files.write(f, b);
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetFile.read(f));
        assertTrue(e.getMessage().contains("d.whyrec") && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void truncatedFileIsDetected() throws IOException {
        Path f = dir.resolve("d.whyrec");
        DatasetFile.write(f, split().train());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 10));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetFile.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, Arrays.copyOf(b, 12));
        e = assertThrows(DataFormatException.class, () -> DatasetFile.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void newerVersionAndWrongMagicAreRefused() throws IOException {
        Path f = dir.resolve("d.whyrec");
        DatasetFile.write(f, split().train());
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).putInt(8, DatasetFile.VERSION + 1);
        Files.write(f, b);
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetFile.read(f));
        assertTrue(e.getMessage().contains("version " + (DatasetFile.VERSION + 1)) && e.getMessage().contains("newer"),
                e.getMessage());
        Files.write(f, "user,item\n".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(DataFormatException.class, () -> DatasetFile.read(f));
        assertTrue(e.getMessage().contains("not a whyrec dataset file"), e.getMessage());
    }

    @Test
    void overwriteReplacesAtomicallyAndLeavesNoTemp() throws IOException {
        Path f = dir.resolve("d.whyrec");
        Split s = split();
        DatasetFile.write(f, s);
        DatasetFile.write(f, s.train());
        assertEquals(s.train().numEvents(), DatasetFile.readDataset(f).numEvents());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void eraseUsersRemovesTheirIdsAndEventsFromBothParts() throws IOException {
        // train: u1 {a@5 view 1, b@3 buy 2.5} (sorted b, a), u2 {a@9 view 1}; test: u2 {b@20}
        Split s = split();
        Path f = dir.resolve("s.whyrec");
        DatasetFile.write(f, s);
        DatasetFile.Erased erased = DatasetFile.eraseUsers(f, java.util.List.of("u2", "nobody"));
        assertEquals(1, erased.users(), "u2 was held; 'nobody' was not");
        assertEquals(2, erased.events(), "u2's train event a@9 and test event b@20");
        Split back = DatasetFile.readSplit(f);
        assertEquals(java.util.List.of("u1"), back.train().users().ids());
        assertTrue(back.train().users() == back.test().users(), "the parts still share one user index");
        assertEquals(2, back.train().numEvents());
        assertEquals(0, back.test().numEvents());
        // u1 keeps exactly its events, in order: b@3 (buy 2.5) then a@5
        assertEquals("b", back.train().items().id(back.train().item(0)));
        assertEquals(3, back.train().timestamp(0));
        assertEquals(2.5f, back.train().value(0));
        assertEquals("buy", back.train().eventTypes().get(back.train().eventType(0)));
        assertEquals("a", back.train().items().id(back.train().item(1)));
        assertEquals(s.train().items().ids(), back.train().items().ids(), "the catalogue is kept");
        byte[] raw = Files.readAllBytes(f);
        assertFalse(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).contains("u2"),
                "no byte of the file spells u2");
        assertEquals(0, DatasetFile.eraseUsers(f, java.util.List.of("u2")).users(), "erasing again finds nothing");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temp file");
        }
    }

    /**
     * (issue 11) An import removes the temporary files a killed import left beside its output (a dead writer's,
     * and an earlier version's), writes the dataset, and leaves no temporary file of its own.
     */
    @Test
    void anImportRemovesWhatAKilledImportLeftAndLeavesNothingOfItsOwn() throws IOException {
        Path out = dir.resolve("data").resolve("dataset.whyrec");
        Files.createDirectories(out.getParent());
        // no process has a pid this large (Linux caps them at 4,194,304)
        Path dead = out.getParent().resolve(".dataset.whyrec.999999999.42" + io.whyrec.core.files.AtomicFiles.SUFFIX);
        Path legacy = out.getParent().resolve(".dataset.whyrec8675309.tmp");
        Files.write(dead, new byte[1 << 20]);
        Files.write(legacy, new byte[1 << 20]);
        Path train = dir.resolve("e.csv");
        Files.writeString(train, "user,item,value\na,x,1\nb,y,1\n");
        Importer.importTo(ImportRequest.of(ImportFormat.GENERIC, train), out);
        try (var files = Files.list(out.getParent())) {
            assertEquals(java.util.List.of("dataset.whyrec"), files.map(f -> f.getFileName().toString()).toList());
        }
        assertEquals(2, DatasetFile.readDataset(out).numEvents());
    }
}
