package io.whyrec.server.store;

import io.whyrec.server.testing.Backend;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The encryption-at-rest contract on SQLite, whose raw check greps the bytes of the database files. */
class EncryptionTest extends EncryptionContract {

    @Override
    Backend backend(Path dir) {
        return Backend.sqlite(dir);
    }

    @Override
    long rawMentions(String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        long n = 0;
        for (String name : new String[] {Database.SQLITE_FILE, Database.SQLITE_FILE + "-wal"}) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) {
                n += occurrences(Files.readAllBytes(f), needle);
            }
        }
        return n;
    }

    static long occurrences(byte[] hay, byte[] needle) {
        long n = 0;
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }
}
