package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gives an error naming the file, the line and the reason, and a failed import writes
 * nothing; in skip-bad mode the same rows are counted by reason.
 */
class ImportErrorsTest {

    @TempDir
    Path dir;

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Imports into out.whyrec expecting failure; checks the message and that nothing was written. */
    DataFormatException fails(ImportRequest request, String fileName, long line, String... parts) {
        Path out = dir.resolve("out.whyrec");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Importer.importTo(request, out));
        String m = e.getMessage();
        assertTrue(m.contains(fileName), m);
        if (line > 0) {
            assertTrue(m.contains(fileName + ":" + line + ":"), m);
            assertEquals(line, e.line());
        }
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' not in: " + m);
        }
        assertFalse(Files.exists(out), "a failed import must not leave an output file");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temp file left");
        } catch (IOException x) {
            throw new AssertionError(x);
        }
        return e;
    }

    @Test
    void truncatedLine() throws IOException {
        Path f = write("u.data", "1\t10\t5\t300\n2\t10\t3\n");
        fails(ImportRequest.of(ImportFormat.ML100K, f), "u.data", 2, "expected 4", "found 3");
    }

    @Test
    void wrongColumnCountInCsv() throws IOException {
        Path f = write("e.csv", "user,item,value\na,b,1\na,b\n");
        fails(ImportRequest.of(ImportFormat.GENERIC, f), "e.csv", 3, "expected 3 fields", "found 2");
    }

    @Test
    void nonNumericField() throws IOException {
        Path f = write("ratings.dat", "1::10::5::300\n1::11::five::301\n");
        DataFormatException e = fails(ImportRequest.of(ImportFormat.ML1M, f), "ratings.dat", 2,
                "field 'rating'", "not a number: 'five'");
        assertEquals("rating", e.field());
    }

    @Test
    void badTimestampNamesColumn() throws IOException {
        Path f = write("e.csv", "user,item,ts\na,b,yesterday\n");
        fails(ImportRequest.of(ImportFormat.GENERIC, f), "e.csv", 2, "field 'ts'", "yesterday");
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] head = "0 1 2\n1 3\n2 ".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3; // start of a 2-byte sequence ...
        bytes[head.length + 1] = (byte) 0x28; // ... not followed by a continuation byte
        bytes[head.length + 2] = '\n';
        Path f = write("train.txt", bytes);
        fails(ImportRequest.of(ImportFormat.USER_ITEMS, f), "train.txt", 3, "invalid UTF-8", "0xC3");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = write("u.data", "");
        fails(ImportRequest.of(ImportFormat.ML100K, f), "u.data", 0, "empty file");
        Path header = write("e.csv", "user,item\n");
        fails(ImportRequest.of(ImportFormat.GENERIC, header), "e.csv", 0, "no data rows");
    }

    @Test
    void missingFile() {
        fails(ImportRequest.of(ImportFormat.AUTO, dir.resolve("nope.data")), "nope.data", 0, "file not found");
    }

    @Test
    void unknownUserInTest() throws IOException {
        Path train = write("ua.base", "1\t10\t5\t300\n");
        Path test = write("ua.test", "1\t10\t4\t400\n7\t10\t4\t500\n");
        fails(ImportRequest.of(ImportFormat.ML100K, train).withTest(test), "ua.test", 2,
                "unknown user '7'", "ua.base");
    }

    @Test
    void badItemsFileFailsImport() throws IOException {
        Path data = write("ratings.dat", "1::10::5::300\n");
        write("movies.dat", "10::T (1990)::Drama\n11::Broken\n");
        fails(ImportRequest.of(ImportFormat.ML1M, data), "movies.dat", 2, "expected 3");
    }

    @Test
    void skipBadCountsByReasonWithFirstExample() throws IOException {
        Path train = write("ua.base", "1\t10\t5\t300\n1\t11\tx\t301\n1\t12\n2\t10\t3\t100\n2\t13\t3\ty\n"
                + "1\t12\t2\t302\n");
        Path test = write("ua.test", "1\t12\t4\t400\n9\t10\t4\t500\n2\t99\t4\t600\n");
        ImportRequest req = ImportRequest.of(ImportFormat.ML100K, train).withTest(test).withSkipBad(true);
        ImportResult r = Importer.importTo(req, dir.resolve("out.whyrec"));
        ImportReport rep = r.report();
        assertEquals(9, rep.rowsRead());
        // kept: train rows 1, 4, 6; test row 1 (row 3 dropped: item 99 not in train)
        assertEquals(4, rep.rowsKept());
        assertEquals(2, rep.skipped().get("not a number").count());
        assertTrue(rep.skipped().get("not a number").firstExample().contains("ua.base:2:"));
        assertEquals(1, rep.skipped().get("wrong column count").count());
        assertEquals(1, rep.skipped().get("unknown user").count());
        assertTrue(rep.skipped().get("unknown user").firstExample().contains("ua.test:2:"));
        assertEquals(4, rep.rowsSkipped());
        assertEquals(1, rep.droppedTestRows());
        assertTrue(rep.summary().contains("skipped 2 x not a number"), rep.summary());
        assertTrue(Files.exists(dir.resolve("out.whyrec")));
    }

    @Test
    void skipBadSkipsInvalidBytesLine() throws IOException {
        byte[] bytes = "user,item\na,b\nc,\u00e9\n".getBytes(StandardCharsets.ISO_8859_1); // lone 0xE9
        Path f = write("e.csv", bytes);
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.GENERIC, f).withSkipBad(true));
        assertEquals(1, r.dataset().numEvents());
        assertEquals(1, r.report().skipped().get("invalid encoding").count());
        assertTrue(r.report().skipped().get("invalid encoding").firstExample().contains("e.csv:3:"));
        assertEquals(2, r.report().rowsRead());
    }

    @Test
    void allRowsBadIsAnError() throws IOException {
        Path f = write("u.data", "1\t10\n");
        fails(ImportRequest.of(ImportFormat.ML100K, f).withSkipBad(true), "u.data", 0, "no usable");
    }
}
