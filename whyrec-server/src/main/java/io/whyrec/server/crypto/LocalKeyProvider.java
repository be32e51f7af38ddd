package io.whyrec.server.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyProvider} of one AES-256 key, written as 64 hex digits in a key file ({@link #fromFile}) or in the
 * environment variable {@value #ENV} ({@link #fromEnv}). The key id is the key's fingerprint (16 hex digits of
 * SHA-256 over a label and the key), so a store can record which key it was sealed under without recording the key.
 * The conventions are those of the pseudonym key: a file made by {@code whyrec encryption new-key} is readable by
 * its owner only, and whyrec never writes the key anywhere else.
 */
public final class LocalKeyProvider implements KeyProvider {

    /** The environment variable that holds the key when no key file is given. */
    public static final String ENV = "WHYREC_ENCRYPTION_KEY";

    /** The key length in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final byte[] FINGERPRINT_LABEL = "whyrec encryption key fingerprint v1\0"
            .getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final String fingerprint;
    private final String where;

    private LocalKeyProvider(byte[] raw, String where) {
        this.where = where;
        this.key = new SecretKeySpec(raw, "AES");
        this.fingerprint = fingerprintOf(raw);
    }

    /**
     * A provider of a key written as hex digits (surrounding white space ignored).
     *
     * @param hex   the key as 64 hex digits
     * @param where where the key came from, for the error message (a file name or {@value #ENV})
     * @throws IllegalArgumentException naming {@code where} when the text is not 32 bytes of hex
     */
    public static LocalKeyProvider ofHex(String hex, String where) {
        String s = hex.strip();
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            raw = null;
        }
        if (raw == null || raw.length != KEY_BYTES) {
            throw new IllegalArgumentException(where + ": the encryption key must be " + 2 * KEY_BYTES
                    + " hex digits (e.g. from 'whyrec encryption new-key FILE'), found " + s.length() + " characters"
                    + (raw == null ? " that are not hex digits" : ""));
        }
        try {
            return new LocalKeyProvider(raw, where);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Reads a key file (hex digits, as {@link #ofHex}).
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or not a key
     */
    public static LocalKeyProvider fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": encryption key file not found");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the encryption key file: " + e.getMessage());
        }
        return ofHex(text, file.toString());
    }

    /** The key of {@value #ENV}, or null when the variable is unset or blank. */
    public static LocalKeyProvider fromEnv() {
        String env = System.getenv(ENV);
        return env == null || env.isBlank() ? null : ofHex(env, ENV);
    }

    /** The key of a key file when one is given, else of {@value #ENV} when it is set, else null (no encryption). */
    public static LocalKeyProvider resolve(Path keyFile) {
        return keyFile != null ? fromFile(keyFile) : fromEnv();
    }

    /** A fresh random key as hex digits ({@value #KEY_BYTES} bytes from {@link SecureRandom}). */
    public static String newKeyHex() {
        byte[] b = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The key's fingerprint, which is also its id. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The key file or environment variable the key was read from. */
    @Override
    public String source() {
        return where;
    }

    @Override
    public String currentKeyId() {
        return fingerprint;
    }

    @Override
    public SecretKey key(String keyId) {
        if (!fingerprint.equals(keyId)) {
            throw new EncryptionException("the data was encrypted under the key with fingerprint " + keyId
                    + ", but the key given (" + where + ") has fingerprint " + fingerprint
                    + "; give the key it was encrypted with");
        }
        return key;
    }

    /** Names the key by its fingerprint and source only. */
    @Override
    public String toString() {
        return "LocalKeyProvider[key fingerprint " + fingerprint + " from " + where + "]";
    }

    private static String fingerprintOf(byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(FINGERPRINT_LABEL);
            return HexFormat.of().formatHex(sha.digest(raw), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
