package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.PseudonymRecord;
import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pseudonymised user ids on synthetic data (always runs): the whole {@link PseudonymScenario} on 40 users with
 * distinctive ids in two taste groups, and a key rotation cut short after the store was renamed (as a crash
 * would leave it), which the commands refuse until {@code whyrec pseudonyms rotate} is run again and finishes it.
 */
class PseudonymsTest {

    private static final long SEED = 5;

    @TempDir
    Path dir;

    /** 40 users {@code member-0000NN-x7}, 8 events each in their group's 10 items; items.csv beside. */
    static List<String> writeData(Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> users = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add("user,item,timestamp,event_type,value");
        for (int u = 0; u < 40; u++) {
            String id = String.format("member-%06d-x7", u + 1);
            users.add(id);
            int base = u % 2 == 0 ? 0 : 10;
            for (int e = 0; e < 8; e++) {
                lines.add(id + ",i" + (base + random.nextInt(10)) + "," + (1_600_000_000L + e * 3600L + u)
                        + ",rating," + (1 + random.nextInt(5)));
            }
        }
        Files.write(dir.resolve("events.csv"), lines);
        List<String> items = new ArrayList<>();
        items.add("id,title,text,tags");
        for (int i = 0; i < 20; i++) {
            items.add("i" + i + ",Title " + i + ",," + (i < 10 ? "Sci-Fi" : "Drama"));
        }
        Files.write(dir.resolve("items.csv"), items);
        return users;
    }

    @Test
    void noRawIdInTheDataDirectoryOrTheLogsAndTheSameRecommendations() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        List<String> users = writeData(src);
        PseudonymScenario.Report r = new PseudonymScenario(dir.resolve("work"), src.resolve("events.csv"),
                src.resolve("items.csv"), users, List.of(users.get(3), users.get(4), users.get(7)),
                List.of(users.get(4)), List.of(users.get(0), users.get(1)), "i2").run();
        System.out.println("PseudonymsTest: " + r);
        assertEquals(41, r.idsChecked());
        assertEquals(0, r.rawHits());
        assertTrue(r.rawHitsInControl() >= 40);
        assertEquals(0, r.oldPseudonymHitsAfterRotation());
        assertEquals(0, r.rawHitsAfterRotation());
        // 40 users less the erased one plus the new one; every row of theirs renamed
        assertEquals(40, r.rotatedRows().get("users"));
    }

    @Test
    void aRotationCutShortIsRefusedUntilItIsRunAgain() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        List<String> users = writeData(src);
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path a = keys.resolve("a.key");
        Path b = keys.resolve("b.key");
        assertEquals(0, CliTest.run("pseudonyms", "new-key", a.toString()).code());
        assertEquals(0, CliTest.run("pseudonyms", "new-key", b.toString()).code());
        Pseudonymizer ka = Pseudonymizer.fromFile(a);
        Pseudonymizer kb = Pseudonymizer.fromFile(b);
        Path p = dir.resolve("p");
        Path raw = dir.resolve("r");
        for (Path out : List.of(p, raw)) {
            List<String> args = new ArrayList<>(List.of("import", "--format", "generic", "--train",
                    src.resolve("events.csv").toString(), "--items", src.resolve("items.csv").toString(),
                    "--data-dir", out.toString()));
            if (out == p) {
                args.addAll(List.of("--pseudonymize", "--pseudonym-key", a.toString()));
            }
            CliTest.Run imp = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, imp.code(), imp.err());
        }
        try (Database db = Database.openSqlite(p)) {
            DatasetSeed.seedIfEmpty(new Store(db), p);
        }
        Path ids = dir.resolve("ids.txt");
        Files.write(ids, users, StandardCharsets.UTF_8);

        // a list that misses a stored user changes nothing
        Path short1 = dir.resolve("short.txt");
        Files.write(short1, users.subList(1, users.size()), StandardCharsets.UTF_8);
        CliTest.Run missing = CliTest.run("pseudonyms", "rotate", "--data-dir", p.toString(), "--old-key",
                a.toString(), "--new-key", b.toString(), "--users", short1.toString());
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("1 of 40 stored users are not the pseudonym of any id in the list given "
                + "(e.g. " + ka.pseudonym(users.get(0)) + ")"), missing.err());
        assertEquals(new PseudonymRecord(ka.fingerprint(), null), PseudonymRecord.read(p).orElseThrow());

        // a crash after the store was renamed: the record says so, the dataset file still has the old ids
        Map<String, String> mapping = new HashMap<>();
        for (String u : users) {
            mapping.put(ka.pseudonym(u), kb.pseudonym(u));
        }
        new PseudonymRecord(ka.fingerprint(), kb.fingerprint()).write(p);
        try (Database db = Database.openSqlite(p)) {
            assertEquals(40, new Store(db).renameUsers(mapping).get("users"));
        }
        for (Path key : List.of(a, b)) {
            CliTest.Run refused = CliTest.run("profile", "--data-dir", p.toString(), "--pseudonym-key",
                    key.toString(), "--user", users.get(0));
            assertNotEquals(0, refused.code());
            assertTrue(refused.err().contains("has not finished; run 'whyrec pseudonyms rotate'"), refused.err());
        }
        CliTest.Run serve = CliTest.run("serve", "--port", "0", "--data-dir", p.toString(), "--pseudonym-key",
                b.toString(), "--refit-seconds", "0");
        assertNotEquals(0, serve.code());
        assertTrue(serve.err().contains("has not finished"), serve.err());

        CliTest.Run again = CliTest.run("pseudonyms", "rotate", "--data-dir", p.toString(), "--old-key",
                a.toString(), "--new-key", b.toString(), "--users", ids.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(an unfinished rotation was finished)"), again.out());
        assertTrue(again.out().contains("40 dataset users renamed"), again.out());
        PseudonymRecord record = PseudonymRecord.read(p).orElseThrow();
        assertEquals(kb.fingerprint(), record.fingerprint());
        assertNull(record.rotatingTo());
        assertEquals(users.stream().map(kb::pseudonym).toList(),
                DatasetFile.readDataset(p.resolve(DataOptions.DATASET_FILE)).users().ids());
        try (Database db = Database.openSqlite(p)) {
            assertEquals(new java.util.HashSet<>(users.stream().map(kb::pseudonym).toList()),
                    new Store(db).storedUserIds());
        }
        CliTest.Run profP = CliTest.run("profile", "--data-dir", p.toString(), "--pseudonym-key", b.toString(),
                "--user", users.get(0), "--json");
        CliTest.Run profR = CliTest.run("profile", "--data-dir", raw.toString(), "--user", users.get(0), "--json");
        assertEquals(0, profP.code(), profP.err());
        assertEquals(profR.out(), profP.out());
        CliTest.Run done = CliTest.run("pseudonyms", "rotate", "--data-dir", p.toString(), "--old-key",
                a.toString(), "--new-key", b.toString(), "--users", ids.toString());
        assertNotEquals(0, done.code());
        assertTrue(done.err().contains("already pseudonyms under the new key"), done.err());
        assertEquals(0, PseudonymScenario.hits(PseudonymScenario.files(p), users), "raw ids in " + p);
    }

    /** A rotation of a store encrypted at rest is refused before anything is renamed (not implemented). */
    @Test
    void aRotationOfAnEncryptedStoreIsRefusedAndChangesNothing() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        List<String> users = writeData(src);
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path a = keys.resolve("a.key");
        Path b = keys.resolve("b.key");
        assertEquals(0, CliTest.run("pseudonyms", "new-key", a.toString()).code());
        assertEquals(0, CliTest.run("pseudonyms", "new-key", b.toString()).code());
        Pseudonymizer ka = Pseudonymizer.fromFile(a);
        Path p = dir.resolve("p");
        CliTest.Run imp = CliTest.run("import", "--format", "generic", "--train", src.resolve("events.csv").toString(),
                "--items", src.resolve("items.csv").toString(), "--data-dir", p.toString(), "--pseudonymize",
                "--pseudonym-key", a.toString());
        assertEquals(0, imp.code(), imp.err());
        try (Database db = Database.openSqlite(p)) {
            DatasetSeed.seedIfEmpty(new Store(db, io.whyrec.server.crypto.LocalKeyProvider.ofHex(
                    io.whyrec.server.crypto.LocalKeyProvider.newKeyHex(), "test key")), p);
        }
        Path ids = dir.resolve("ids.txt");
        Files.write(ids, users, StandardCharsets.UTF_8);
        CliTest.Run refused = CliTest.run("pseudonyms", "rotate", "--data-dir", p.toString(), "--old-key",
                a.toString(), "--new-key", b.toString(), "--users", ids.toString());
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("store encrypted at rest is not implemented")
                && refused.err().contains("nothing was changed"), refused.err());
        assertEquals(new PseudonymRecord(ka.fingerprint(), null), PseudonymRecord.read(p).orElseThrow());
        assertEquals(users.stream().map(ka::pseudonym).toList(),
                DatasetFile.readDataset(p.resolve(DataOptions.DATASET_FILE)).users().ids());
    }

    @Test
    void importRefusesWhatWouldMixRawIdsAndPseudonyms() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        writeData(src);
        Path key = dir.resolve("k.key");
        assertEquals(0, CliTest.run("pseudonyms", "new-key", key.toString()).code());
        Path raw = dir.resolve("raw");
        String events = src.resolve("events.csv").toString();
        assertEquals(0, CliTest.run("import", "--format", "generic", "--train", events, "--data-dir",
                raw.toString()).code());
        try (Database db = Database.openSqlite(raw)) {
            DatasetSeed.seedIfEmpty(new Store(db), raw);
        }
        CliTest.Run over = CliTest.run("import", "--format", "generic", "--train", events, "--pseudonymize",
                "--pseudonym-key", key.toString(), "--data-dir", raw.toString());
        assertNotEquals(0, over.code());
        assertTrue(over.err().contains("holds a server store (whyrec.db) with raw user ids"), over.err());
        CliTest.Run noFlag = CliTest.run("import", "--format", "generic", "--train", events, "--pseudonym-key",
                key.toString(), "--data-dir", dir.resolve("x").toString());
        assertNotEquals(0, noFlag.code());
        assertTrue(noFlag.err().contains("--pseudonym-key is given without --pseudonymize"), noFlag.err());
        if (System.getenv(Pseudonymizer.ENV) == null) {
            CliTest.Run noKey = CliTest.run("import", "--format", "generic", "--train", events, "--pseudonymize",
                    "--data-dir", dir.resolve("y").toString());
            assertNotEquals(0, noKey.code());
            assertTrue(noKey.err().contains("--pseudonymize needs a key"), noKey.err());
            assertTrue(!Files.exists(dir.resolve("y").resolve(DataOptions.DATASET_FILE)));
        }
        // a key given to serve for a directory of raw ids is refused before anything is served
        CliTest.Run serve = CliTest.run("serve", "--port", "0", "--data-dir", raw.toString(), "--pseudonym-key",
                key.toString(), "--refit-seconds", "0");
        assertNotEquals(0, serve.code());
        assertTrue(serve.err().contains("holds raw user ids"), serve.err());
    }
}
