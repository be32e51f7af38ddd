package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.server.crypto.LocalKeyProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code whyrec encryption new-key}: an owner-only key file, its fingerprint printed, never overwritten. */
class EncryptionCommandTest {

    @TempDir
    Path dir;

    @Test
    void newKeyWritesAnOwnerOnlyKeyAndNeverOverwritesIt() throws Exception {
        Path key = dir.resolve("store.key");
        CliTest.Run made = CliTest.run("encryption", "new-key", key.toString());
        assertEquals(0, made.code(), made.err());
        LocalKeyProvider p = LocalKeyProvider.fromFile(key);
        assertTrue(made.out().contains("fingerprint " + p.fingerprint()), made.out());
        String hex = Files.readString(key).strip();
        assertFalse(made.out().contains(hex), "the key itself is never printed");
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(key));
        CliTest.Run again = CliTest.run("encryption", "new-key", key.toString());
        assertNotEquals(0, again.code());
        assertTrue(again.err().contains("never overwritten"), again.err());
        assertEquals(hex, Files.readString(key).strip());
        Path other = dir.resolve("other.key");
        assertEquals(0, CliTest.run("encryption", "new-key", other.toString()).code());
        assertNotEquals(p.fingerprint(), LocalKeyProvider.fromFile(other).fingerprint());
    }
}
