package io.whyrec.server.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts values at rest with AES-256-GCM from {@code javax.crypto}. Every value gets a fresh 12-byte nonce from
 * {@link SecureRandom}. The sealed form is bytes ({@link #sealBytes}, for a BLOB or bytea column) or text
 * ({@link #seal}: the same bytes in unpadded URL-safe Base64, so they fit a VARCHAR column on SQLite and PostgreSQL
 * alike): the format version ({@value #VERSION}), the length of the key id and the key id
 * (ASCII), the nonce, then the ciphertext with its 16-byte tag. The caller's row binding (for example
 * {@code events|<user>|<event id>}) is the associated data, together with the header: a value copied into another
 * row, or a header changed, fails to authenticate instead of decrypting to the other row's data.
 */
public final class PayloadCipher {

    /** The format version written in every sealed value. */
    public static final int VERSION = 1;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORM = "AES/GCM/NoPadding";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static final byte[] INDEX_LABEL = "whyrec keyed index v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * One cipher object per thread: {@link Cipher#getInstance} costs more than sealing a short value, and every
     * use initialises it afresh with its key and nonce.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    });

    private final KeyProvider keys;
    private final SecureRandom random;

    /** Where the keys come from, for messages ({@link KeyProvider#source()}). */
    public String source() {
        return keys.source();
    }

    /** A cipher over a provider's keys, with nonces from a fresh {@link SecureRandom}. */
    public PayloadCipher(KeyProvider keys) {
        this.keys = keys;
        this.random = new SecureRandom();
    }

    /**
     * A deterministic keyed index of a value (hex HMAC-SHA256 under a key derived from the current key), for a
     * column that a lookup or a primary key needs but whose text is private, for example a muted tag. Equal values
     * get equal indexes, so the index shows which rows share a value, never the value.
     */
    public String index(String value) {
        try {
            byte[] raw = keys.key(keys.currentKeyId()).getEncoded();
            if (raw == null) {
                throw new IllegalStateException("the key " + keys.currentKeyId() + " of " + keys.source()
                        + " cannot be exported, which the keyed index needs");
            }
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(raw, "HmacSHA256"));
            byte[] derived = mac.doFinal(INDEX_LABEL);
            java.util.Arrays.fill(raw, (byte) 0);
            mac.init(new javax.crypto.spec.SecretKeySpec(derived, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** The provider's current key id, which new values are sealed under. */
    public String keyId() {
        return keys.currentKeyId();
    }

    /**
     * Seals a value to one row, as text.
     *
     * @param plaintext the value (UTF-8)
     * @param row       what binds it to its row, for example the table, user id and event id
     */
    public String seal(String plaintext, String row) {
        return B64.encodeToString(sealBytes(plaintext.getBytes(StandardCharsets.UTF_8), row));
    }

    /**
     * Seals a value to one row, as bytes (for a BLOB or bytea column): the same format as {@link #seal} before its
     * Base64.
     *
     * @param plaintext the value
     * @param row       what binds it to its row, for example the table, user id and event id
     */
    public byte[] sealBytes(byte[] plaintext, String row) {
        String keyId = keys.currentKeyId();
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        if (id.length == 0 || id.length > 255) {
            throw new IllegalArgumentException("key id of " + id.length + " bytes; 1 to 255 allowed");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] header = ByteBuffer.allocate(2 + id.length + NONCE_BYTES).put((byte) VERSION).put((byte) id.length)
                .put(id).put(nonce).array();
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.ENCRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(header);
            c.updateAAD(row.getBytes(StandardCharsets.UTF_8));
            byte[] out = java.util.Arrays.copyOf(header, header.length + c.getOutputSize(plaintext.length));
            int n = c.doFinal(plaintext, 0, plaintext.length, out, header.length);
            return n == out.length - header.length ? out : java.util.Arrays.copyOf(out, header.length + n);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a value sealed by {@link #seal} to the same row.
     *
     * @throws EncryptionException naming the row when the value is not in the sealed format, was sealed under a key
     *                             the provider does not hold (naming the key ids), or fails to authenticate
     *                             (changed, or moved from another row)
     */
    public String open(String sealed, String row) {
        byte[] all;
        try {
            all = B64D.decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new EncryptionException(row + ": the stored value is not an encrypted value (not Base64)");
        }
        return new String(openBytes(all, row), StandardCharsets.UTF_8);
    }

    /**
     * Opens a value sealed by {@link #sealBytes} to the same row.
     *
     * @throws EncryptionException as {@link #open}
     */
    public byte[] openBytes(byte[] all, String row) {
        if (all.length < 2 || (all[0] & 0xff) != VERSION) {
            throw new EncryptionException(row + ": the stored value is not an encrypted value of format version "
                    + VERSION + (all.length == 0 ? "" : " (found version " + (all[0] & 0xff) + ")"));
        }
        int idLen = all[1] & 0xff;
        int headerLen = 2 + idLen + NONCE_BYTES;
        if (idLen == 0 || all.length < headerLen + TAG_BITS / 8) {
            throw new EncryptionException(row + ": the stored encrypted value is truncated");
        }
        String keyId = new String(all, 2, idLen, StandardCharsets.US_ASCII);
        try {
            Cipher c = CIPHERS.get();
            c.init(Cipher.DECRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, all, 2 + idLen, NONCE_BYTES));
            c.updateAAD(all, 0, headerLen);
            c.updateAAD(row.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(all, headerLen, all.length - headerLen);
        } catch (EncryptionException e) {
            throw new EncryptionException(row + ": " + e.getMessage());
        } catch (AEADBadTagException e) {
            throw new EncryptionException(row + ": the encrypted value does not authenticate under the key with "
                    + "fingerprint " + keyId + " (it was changed, or copied from another row)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getMessage(), e);
        }
    }
}
