package io.whyrec.server;

import io.whyrec.core.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Loads or generates the server's secrets in the data directory: random values from {@link SecureRandom}, written
 * once to owner-only files ({@code rw-------}, through {@link AtomicFiles}) and read back at every later start, so
 * tokens stay valid across restarts.
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
            // owner-only from its first byte (AtomicFiles' temporary file is created rw-------), and whole after
            // a crash: a half-written secret would lock every token out at the next start
            AtomicFiles.write(file, (hex + "\n").getBytes(StandardCharsets.UTF_8));
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secret " + file, e);
        }
    }
}
