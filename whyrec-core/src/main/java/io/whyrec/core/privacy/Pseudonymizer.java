package io.whyrec.core.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of the platform's user ids: {@code p_} followed by 32 lower-case hex digits, the first 16
 * bytes of HMAC-SHA256 over the id's UTF-8 bytes under a secret key. The same id under the same key always gives
 * the same pseudonym, so the platform keeps using its own ids and whyrec maps them at the door; without the key a
 * pseudonym cannot be computed from a guessed id, so small or structured ids cannot be enumerated by whoever reads
 * the data directory. A pseudonym is 34 ASCII characters and follows {@link io.whyrec.core.data.InputRules}.
 *
 * <p>The key is at least {@value #MIN_KEY_BYTES} random bytes written as hex (e.g. {@code openssl rand -hex 32},
 * or {@code whyrec pseudonyms new-key}), read from a file or from the environment variable {@value #ENV}. Only its
 * {@link #fingerprint()} is ever written down next to the data; the key itself is never stored by whyrec.
 */
public final class Pseudonymizer {

    /** The environment variable that holds the key (hex) when no key file is given. */
    public static final String ENV = "WHYREC_PSEUDONYM_KEY";

    /** The shortest key accepted, in bytes (64 hex digits). */
    public static final int MIN_KEY_BYTES = 32;

    /** What every pseudonym starts with. */
    public static final String PREFIX = "p_";

    /** Bytes of the HMAC kept in a pseudonym (128 bits: collisions need about 2^64 ids). */
    static final int PSEUDONYM_BYTES = 16;

    private static final String HMAC = "HmacSHA256";
    private static final byte[] FINGERPRINT_LABEL = "whyrec pseudonym key fingerprint v1\0"
            .getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final String fingerprint;
    private final ThreadLocal<Mac> macs;

    private Pseudonymizer(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonym key of " + key.length + " bytes; at least "
                    + MIN_KEY_BYTES + " random bytes are needed (64 hex digits, e.g. from 'openssl rand -hex 32')");
        }
        this.key = new SecretKeySpec(key.clone(), HMAC);
        this.fingerprint = fingerprintOf(key);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A pseudonymizer over raw key bytes (at least {@value #MIN_KEY_BYTES}). */
    public static Pseudonymizer of(byte[] key) {
        return new Pseudonymizer(key);
    }

    /**
     * A pseudonymizer over a key written as hex digits (surrounding white space ignored).
     *
     * @param hex   the key as hex
     * @param where where the key came from, for the error message (a file name or {@value #ENV})
     * @throws IllegalArgumentException naming {@code where} when the text is not hex or the key is too short
     */
    public static Pseudonymizer ofHex(String hex, String where) {
        String s = hex.strip();
        byte[] key;
        try {
            key = HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the pseudonym key must be hex digits (at least "
                    + 2 * MIN_KEY_BYTES + ", e.g. from 'openssl rand -hex 32'), found " + s.length()
                    + " characters that are not an even number of hex digits");
        }
        try {
            return new Pseudonymizer(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /**
     * Reads a key file (hex digits, as {@link #ofHex}).
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or not a key
     */
    public static Pseudonymizer fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": pseudonym key file not found");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the pseudonym key file: " + e.getMessage());
        }
        return ofHex(text, file.toString());
    }

    /**
     * The key of a key file when one is given, else of {@value #ENV} when it is set and not blank, else null (no
     * key).
     */
    public static Pseudonymizer resolve(Path keyFile) {
        if (keyFile != null) {
            return fromFile(keyFile);
        }
        String env = System.getenv(ENV);
        return env == null || env.isBlank() ? null : ofHex(env, ENV);
    }

    /** A fresh random key as hex digits ({@value #MIN_KEY_BYTES} bytes from {@link java.security.SecureRandom}). */
    public static String newKeyHex() {
        byte[] b = new byte[MIN_KEY_BYTES];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The pseudonym of a raw user id: {@code p_} and 32 hex digits. */
    public String pseudonym(String rawId) {
        byte[] mac = macs.get().doFinal(rawId.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(mac, 0, PSEUDONYM_BYTES);
    }

    /** Whether a string has the shape of a pseudonym (the prefix and 32 lower-case hex digits). */
    public static boolean looksLikePseudonym(String id) {
        if (id.length() != PREFIX.length() + 2 * PSEUDONYM_BYTES || !id.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key's fingerprint: 16 hex digits of SHA-256 over a label and the key. It tells whether two keys are the
     * same without revealing the key (it is a one-way function of 256 random bits), and is what a pseudonymised
     * data directory records.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** Names the key by its fingerprint only. */
    @Override
    public String toString() {
        return "Pseudonymizer[key fingerprint " + fingerprint + "]";
    }

    private static String fingerprintOf(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(FINGERPRINT_LABEL);
            return HexFormat.of().formatHex(sha.digest(key), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
