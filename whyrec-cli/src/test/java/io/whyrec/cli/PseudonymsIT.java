package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of issue 11 item 5 on ML-100K ({@code u.data} with {@code u.item}): every user id is
 * rewritten to a distinctive string ({@code member-000943-x7}), the file is imported with {@code --pseudonymize},
 * served with an access log, and 10 users (9 drawn with a seed, and user 943) act on the API by raw id (events by
 * the admin and by themselves, tokens, profiles, lists, edits, failures) and 3 of them are erased; a new user
 * arrives too. Then every file of the data directory (dataset, SQLite database, WAL, audit log, secrets) and the
 * logs (access log, everything printed) hold none of the 944 raw ids, the lists of 3 other users are identical to
 * those of the raw import (command line and server), and after {@code whyrec pseudonyms rotate} the old pseudonyms
 * are gone too. Skipped, with a message, when the shared data is not there.
 */
class PseudonymsIT {

    private static final long SEED = 11;

    @TempDir
    Path dir;

    @Test
    void ml100kHoldsNoRawUserId() throws Exception {
        Path data = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("u.data")),
                "skipped: " + data + " not found (set -Dwhyrec.shared.data=/path/to/shared/data)");
        Set<String> users = new TreeSet<>();
        List<String> lines = new ArrayList<>();
        lines.add("user,item,timestamp,event_type,value");
        for (String line : Files.readAllLines(data.resolve("u.data"), StandardCharsets.ISO_8859_1)) {
            String[] f = line.split("\t");
            String id = member(Integer.parseInt(f[0]));
            users.add(id);
            lines.add(id + "," + f[1] + "," + f[3] + ",rating," + f[2]);
        }
        Path events = dir.resolve("src").resolve("ratings.csv");
        Files.createDirectories(events.getParent());
        Files.write(events, lines, StandardCharsets.UTF_8);
        assertEquals(943, users.size());
        assertEquals(100_001, lines.size());

        Set<String> acted = new LinkedHashSet<>();
        SplittableRandom random = new SplittableRandom(SEED);
        while (acted.size() < 9) {
            acted.add(member(1 + random.nextInt(942)));
        }
        acted.add(member(943));
        List<String> actedList = List.copyOf(acted);
        List<String> erased = actedList.subList(0, 3);
        List<String> compared = new ArrayList<>();
        for (int u = 1; compared.size() < 3; u++) {
            if (!acted.contains(member(u))) {
                compared.add(member(u));
            }
        }
        long t0 = System.nanoTime();
        PseudonymScenario.Report r = new PseudonymScenario(dir.resolve("work"), events, data.resolve("u.item"),
                List.copyOf(users), actedList, erased, compared, "50").run();
        System.out.printf("PseudonymsIT: while serving, %d occurrences in %s; stopped: %d raw ids searched in "
                        + "the files %s (%,d bytes): %d occurrences (raw import: %d); after the rotation %d raw, %d "
                        + "old pseudonyms; lists of %d users identical; %d users acted, %d erased; rotated rows %s; "
                        + "%.1f s%n", r.rawHitsWhileServing(), r.filesWhileServing(), r.idsChecked(),
                r.filesSearched(), r.bytesSearched(), r.rawHits(), r.rawHitsInControl(), r.rawHitsAfterRotation(),
                r.oldPseudonymHitsAfterRotation(), r.comparedUsers(), r.actedUsers(), r.erasedUsers(),
                r.rotatedRows(), (System.nanoTime() - t0) / 1e9);
        assertEquals(0, r.rawHitsWhileServing());
        assertEquals(944, r.idsChecked());
        assertEquals(0, r.rawHits());
        assertTrue(r.rawHitsInControl() >= 943);
        assertEquals(0, r.rawHitsAfterRotation());
        assertEquals(0, r.oldPseudonymHitsAfterRotation());
        assertEquals(943 - 3 + 1, r.rotatedRows().get("users"));
    }

    private static String member(int id) {
        return String.format("member-%06d-x7", id);
    }
}
