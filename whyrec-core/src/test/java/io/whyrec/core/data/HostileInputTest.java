package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defects of issue 11 item 4, one test each: ids with control characters, lone surrogates or over the length
 * limit, integer overflow, ratings outside the scale, JSON objects as ids, duplicate keys, trailing garbage, and
 * the byte-order mark of ML-100K files. Each is refused at file:line naming the field, and skip-bad counts it.
 */
class HostileInputTest {

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    DataFormatException refused(ImportRequest r, String where, String field, String reasonPart) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Importer.importData(r));
        assertTrue(e.getMessage().contains(where + ": "), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        // skip-bad leaves the row out, counts it, and never aborts
        ImportResult skipped = Importer.importData(r.withSkipBad(true));
        assertEquals(1, skipped.report().skipped().values().stream().mapToLong(ImportReport.Skipped::count).sum(),
                skipped.report().skipped().toString());
        return e;
    }

    @Test
    void idsWithControlCharactersAreRefused() throws IOException {
        Path nul = write("nul.csv", "user,item\nu1,a\nu\u00002,b\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, nul), "nul.csv:3", "user", "control character U+0000");
        Path esc = write("esc.jsonl", "{\"user\": \"u1\", \"item\": \"a\"}\n{\"user\": \"u2\", \"item\": \"b\\u001b[31m\"}\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, esc), "esc.jsonl:2", "item", "control character U+001B");
        Path ui = write("train.txt", "0 1 2\n1 3 4\u001b\n");
        refused(ImportRequest.of(ImportFormat.USER_ITEMS, ui), "train.txt:2", "item 2", "U+001B");
    }

    @Test
    void aLoneSurrogateIsRefusedSoItCannotMergeWithQuestionMark() throws IOException {
        Path f = write("s.jsonl", "{\"user\": \"m?\", \"item\": \"a\"}\n{\"user\": \"m\\ud800\", \"item\": \"a\"}\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, f), "s.jsonl:2", "user", "lone surrogate U+D800");
        // a paired surrogate (an emoji) is a valid id
        assertNull(InputRules.idProblem("m\uD83D\uDE00"));
    }

    @Test
    void idsLongerThan200Utf8BytesAreRefused() throws IOException {
        String ok = "é".repeat(100); // 200 bytes
        String tooLong = "é".repeat(100) + "x"; // 201 bytes, 101 characters
        Path f = write("long.csv", "user,item\n" + ok + ",a\n" + tooLong + ",b\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, f), "long.csv:3", "user", "201 UTF-8 bytes; at most 200");
        Path t = write("type.csv", "user,item,event_type\nu,a,view\nu,b," + "t".repeat(201) + "\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, t), "type.csv:3", "event_type", "at most 200");
    }

    @Test
    void integerOverflowIsAFieldErrorAndSkipBadGoesOn() throws IOException {
        Path f = write("u.data", "1\t10\t5\t881250949\n2\t10\t3\t99999999999999999999999\n");
        refused(ImportRequest.of(ImportFormat.ML100K, f), "u.data:2", "timestamp", "out of range");
        Path g = write("g.csv", "user,item,timestamp\nu,a,1\nu,b,99999999999999999999999\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, g), "g.csv:3", "timestamp", "out of range");
        Path d = write("d.csv", "user,item,timestamp\nu,a,1\nu,b,1e30\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, d), "d.csv:3", "timestamp", "out of range");
    }

    @Test
    void ratingsOutsideTheDeclaredScaleAreRefused() throws IOException {
        Path neg = write("u.data", "1\t10\t5\t881250949\n2\t10\t-3\t881250950\n");
        refused(ImportRequest.of(ImportFormat.ML100K, neg), "u.data:2", "rating", "outside the rating scale [1, 5]");
        Path huge = write("ratings.dat", "1::10::5::881250949\n2::10::8.7e8::881250950\n");
        refused(ImportRequest.of(ImportFormat.ML1M, huge), "ratings.dat:2", "rating", "8.7E8");
        Path half = write("ratings.csv", "userId,movieId,rating,timestamp\n1,10,0.5,1\n1,11,0.25,2\n");
        refused(ImportRequest.of(ImportFormat.MLLATEST, half), "ratings.csv:3", "rating", "[0.5, 5]");
        Path generic = write("r.csv", "user,item,event_type,value\nu,a,rating,8\nu,b,play,-1\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, generic).withRatingScale(RatingScale.parse("1..10")),
                "r.csv:3", "value", "negative");
        // the declared scale is what counts: 8 is a rating on 1..10, not on the default 0..5
        refused(ImportRequest.of(ImportFormat.GENERIC, write("r5.csv", "user,item,event_type,value\nu,a,rating,5\nu,b,rating,8\n")),
                "r5.csv:3", "value", "[0, 5]");
        assertEquals(8f, Importer.importData(ImportRequest.of(ImportFormat.GENERIC,
                write("r10.csv", "user,item,event_type,value\nu,a,rating,8\n"))
                .withRatingScale(RatingScale.parse("1..10"))).dataset().value(0));
    }

    @Test
    void jsonLinesIdsMustBeStringsOrIntegersAndKeysUnique() throws IOException {
        Path obj = write("o.jsonl", "{\"user\": 1, \"item\": \"a\"}\n{\"user\": {\"a\": 1}, \"item\": \"b\"}\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, obj), "o.jsonl:2", "user", "a string or an integer, found object");
        Path dup = write("d.jsonl", "{\"user\": \"u\", \"item\": \"a\"}\n{\"user\": \"u\", \"item\": \"b\", \"item\": \"c\"}\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, dup), "d.jsonl:2", null, "Duplicate field 'item'");
        Path alias = write("a.jsonl", "{\"user\": \"u\", \"item\": \"a\"}\n{\"user\": \"u\", \"userId\": \"v\", \"item\": \"b\"}\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, alias), "a.jsonl:2", "userId", "a second key for 'user'");
        Path trailing = write("t.jsonl", "{\"user\": \"u\", \"item\": \"a\"}\n{\"user\": \"u\", \"item\": \"b\"} garbage\n");
        refused(ImportRequest.of(ImportFormat.GENERIC, trailing), "t.jsonl:2", null, "invalid JSON");
        Path items = write("items.jsonl", "{\"id\": \"a\"}\n{\"id\": [1]}\n");
        Path ev = write("e.jsonl", "{\"user\": \"u\", \"item\": \"a\"}\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Importer.importData(ImportRequest.of(ImportFormat.GENERIC, ev).withItems(items)));
        assertTrue(e.getMessage().contains("items.jsonl:2: field 'id': must be a string or an integer"), e.getMessage());
    }

    @Test
    void aByteOrderMarkInMovieLens100kFilesIsDropped() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] data = "196\t242\t3\t881250949\n186\t302\t3\t891717742\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] both = new byte[bom.length + data.length];
        System.arraycopy(bom, 0, both, 0, 3);
        System.arraycopy(data, 0, both, 3, data.length);
        Path f = write("u.data", both);
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.ML100K, f));
        assertEquals("196", r.dataset().users().id(0));
        assertEquals(2, r.dataset().numEvents());
        assertEquals(ImportFormat.ML100K, Importer.detect(f));
    }

    /**
     * Fuzzing finding (ImporterFuzzTestInputs/allImporters/finding-header-second-value-column): a header with
     * invalid bytes was skipped in skip-bad mode and the first data row read as the header; and header errors said
     * line 1 when blank lines came first.
     */
    @Test
    void aHeaderWithInvalidBytesFailsTheFileAndHeaderErrorsNameTheirLine() throws IOException {
        byte[] head = "user\titem\tts\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] rows = "u1\ti1\t5\nu2\ti2\t6\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(head, head.length + rows.length);
        System.arraycopy(rows, 0, all, head.length, rows.length);
        Path f = write("bad-header.tsv", all);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Importer.importData(ImportRequest.of(ImportFormat.GENERIC, f).withSkipBad(true)));
        assertEquals(1, e.line(), e.getMessage());
        assertTrue(e.reason().contains("header"), e.getMessage());
        Path blank = write("late.csv", "\n\nuser,item,rating,weight\nu,a,1,2\n");
        DataFormatException late = assertThrows(DataFormatException.class,
                () -> Importer.importData(ImportRequest.of(ImportFormat.GENERIC, blank)));
        assertTrue(late.getMessage().startsWith(blank + ":3: field 'weight': the header has a second column"),
                late.getMessage());
    }
}
