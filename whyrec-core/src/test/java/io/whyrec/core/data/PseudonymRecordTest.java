package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pseudonym record of a data directory and a pseudonymised import on synthetic data: 3 users with distinctive
 * ids and 5 events; the dataset file holds none of the raw ids, the same events under the same user order, and
 * the record names the key's fingerprint only.
 */
class PseudonymRecordTest {

    private static final Pseudonymizer KEY = Pseudonymizer.ofHex("a1".repeat(32), "test");
    private static final Pseudonymizer OTHER = Pseudonymizer.ofHex("b2".repeat(32), "test");
    private static final List<String> RAW = List.of("member-000001-x7", "member-000002-x7", "member-000003-x7");

    @TempDir
    Path dir;

    private Path events() throws Exception {
        Path f = dir.resolve("src").resolve("events.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "user,item,timestamp,event_type,value\n"
                + RAW.get(0) + ",i1,100,rating,5\n"
                + RAW.get(1) + ",i2,200,rating,3\n"
                + RAW.get(0) + ",i3,300,rating,4\n"
                + RAW.get(2) + ",i1,400,rating,2\n"
                + RAW.get(1) + ",i3,500,rating,1\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void importReplacesEveryUserIdBeforeWriting() throws Exception {
        Path out = dir.resolve("data").resolve(PseudonymRecordTest.DATASET);
        ImportRequest raw = ImportRequest.of(ImportFormat.GENERIC, events());
        ImportResult plain = Importer.importData(raw);
        Importer.importTo(raw.withPseudonyms(KEY), out);

        byte[] bytes = Files.readAllBytes(out);
        for (String id : RAW) {
            assertEquals(-1, indexOf(bytes, id.getBytes(StandardCharsets.UTF_8)), id + " in " + out);
        }
        Dataset p = DatasetFile.readDataset(out);
        assertEquals(3, p.numUsers());
        for (int u = 0; u < 3; u++) {
            assertEquals(KEY.pseudonym(plain.dataset().users().id(u)), p.users().id(u));
            assertArrayEquals(plain.dataset().itemsOf(u), p.itemsOf(u));
        }
        assertArrayEquals(plain.dataset().timeArray(), p.timeArray());
        assertArrayEquals(plain.dataset().valueArray(), p.valueArray());
        // the control: the same import without a key holds the raw ids, so the search above can fail
        Path rawOut = dir.resolve("raw").resolve(DATASET);
        Importer.importTo(raw, rawOut);
        assertTrue(indexOf(Files.readAllBytes(rawOut), RAW.get(0).getBytes(StandardCharsets.UTF_8)) >= 0);

        PseudonymRecord record = PseudonymRecord.read(out.getParent()).orElseThrow();
        assertEquals(KEY.fingerprint(), record.fingerprint());
        assertNull(record.rotatingTo());
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(DATASET, PseudonymRecord.FILE), files.map(f -> f.getFileName().toString())
                    .sorted().toList(), "no temporary file left");
        }
        assertFalse(Files.readString(out.getParent().resolve(PseudonymRecord.FILE)).contains("a1a1"));
        assertTrue(PseudonymRecord.read(rawOut.getParent()).isEmpty());
    }

    static final String DATASET = "dataset.whyrec";

    @Test
    void aDirectoryUnderOneKeyRefusesRawImportsAndOtherKeys() throws Exception {
        Path data = dir.resolve("data");
        Path out = data.resolve(DATASET);
        ImportRequest raw = ImportRequest.of(ImportFormat.GENERIC, events());
        Importer.importTo(raw.withPseudonyms(KEY), out);
        Importer.importTo(raw.withPseudonyms(KEY), out); // again under the same key: fine
        IllegalArgumentException rawInto = assertThrows(IllegalArgumentException.class,
                () -> Importer.importTo(raw, out));
        assertTrue(rawInto.getMessage().contains("are pseudonymised (key fingerprint " + KEY.fingerprint()
                + "); import into it with --pseudonymize"), rawInto.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Importer.importTo(raw.withPseudonyms(OTHER), out));
        assertTrue(other.getMessage().contains("'whyrec pseudonyms rotate'"), other.getMessage());
        assertEquals(KEY.pseudonym(RAW.get(0)), DatasetFile.readDataset(out).users().id(0), "left as it was");
    }

    @Test
    void keyForChecksTheDirectory() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path keyFile = dir.resolve("k.key");
        Files.writeString(keyFile, "a1".repeat(32));
        Path otherFile = dir.resolve("o.key");
        Files.writeString(otherFile, "b2".repeat(32));
        // not pseudonymised: no key needed, and a key file given is a mistake worth saying
        assertNull(PseudonymRecord.keyFor(data, null, "--pseudonym-key FILE"));
        IllegalArgumentException notP = assertThrows(IllegalArgumentException.class,
                () -> PseudonymRecord.keyFor(data, keyFile, "--pseudonym-key FILE"));
        assertTrue(notP.getMessage().startsWith("--pseudonym-key " + keyFile + " was given, but the user ids of "),
                notP.getMessage());

        PseudonymRecord.of(KEY).write(data);
        assertEquals(KEY.fingerprint(), PseudonymRecord.keyFor(data, keyFile, "--pseudonym-key FILE").fingerprint());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> PseudonymRecord.keyFor(data, otherFile, "--pseudonym-key FILE"));
        assertTrue(wrong.getMessage().contains(OTHER.fingerprint()) && wrong.getMessage()
                .contains(KEY.fingerprint()), wrong.getMessage());
        PseudonymRecord r = PseudonymRecord.read(data).orElseThrow();
        if (System.getenv(Pseudonymizer.ENV) == null) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> PseudonymRecord.keyFor(data, null, "--pseudonym-key FILE"));
            assertTrue(none.getMessage().contains("give the key with --pseudonym-key FILE or the "
                    + Pseudonymizer.ENV), none.getMessage());
        }
        Pseudonymizer checked = r.check(data, KEY, "x");
        assertSame(KEY, checked);

        new PseudonymRecord(KEY.fingerprint(), OTHER.fingerprint()).write(data);
        assertEquals(Optional.of(new PseudonymRecord(KEY.fingerprint(), OTHER.fingerprint())),
                PseudonymRecord.read(data));
        IllegalArgumentException rotating = assertThrows(IllegalArgumentException.class,
                () -> PseudonymRecord.keyFor(data, keyFile, "--pseudonym-key FILE"));
        assertTrue(rotating.getMessage().contains("has not finished; run 'whyrec pseudonyms rotate'"),
                rotating.getMessage());

        Files.writeString(data.resolve(PseudonymRecord.FILE), "scheme=md5\nkey.fingerprint=x\n");
        DataFormatException bad = assertThrows(DataFormatException.class, () -> PseudonymRecord.read(data));
        assertTrue(bad.getMessage().contains(PseudonymRecord.FILE) && bad.getMessage().contains("md5"),
                bad.getMessage());
    }

    @Test
    void renameUsersRewritesTheDatasetFileInPlaceOfTheOldIds() throws Exception {
        Path data = dir.resolve("data");
        Path out = data.resolve(DATASET);
        ImportRequest raw = ImportRequest.of(ImportFormat.GENERIC, events()).withTest(events());
        Importer.importTo(raw.withPseudonyms(KEY), out);
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (String id : RAW) {
            map.put(KEY.pseudonym(id), OTHER.pseudonym(id));
        }
        assertEquals(3, DatasetFile.renameUsers(out, id -> map.getOrDefault(id, id)));
        assertEquals(0, DatasetFile.renameUsers(out, id -> map.getOrDefault(id, id)), "a second run changes nothing");
        Split s = DatasetFile.readSplit(out);
        assertEquals(RAW.stream().map(OTHER::pseudonym).toList(), s.train().users().ids());
        assertSame(s.train().users(), s.test().users());
        assertEquals(5, s.test().numEvents());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
