package io.whyrec.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Loads or generates the server's secrets in the data directory: random values from {@link SecureRandom}, written
 * once to owner-only files ({@code rw-------}) and read back at every later start, so tokens stay valid across
 * restarts.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** The hex content of {@code file}, generating {@code bytes} random bytes when the file does not exist. */
    static String hexSecret(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                String s = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (s.length() < 2 * 16) {
                    throw new IllegalStateException(file + " holds a secret shorter than 16 bytes");
                }
                return s;
            }
            byte[] b = new byte[bytes];
            RANDOM.nextBytes(b);
            String hex = HexFormat.of().formatHex(b);
            Files.createDirectories(file.getParent());
            Files.writeString(file, hex + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secret " + file, e);
        }
    }
}
