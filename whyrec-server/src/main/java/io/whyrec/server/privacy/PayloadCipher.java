package io.whyrec.server.privacy;

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
 * {@link SecureRandom}. The sealed form is text (unpadded URL-safe Base64, so it fits a VARCHAR column on SQLite and
 * PostgreSQL alike) of these bytes: the format version ({@value #VERSION}), the length of the key id and the key id
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

    private final KeyProvider keys;
    private final SecureRandom random;

    /** A cipher over a provider's keys, with nonces from a fresh {@link SecureRandom}. */
    public PayloadCipher(KeyProvider keys) {
        this.keys = keys;
        this.random = new SecureRandom();
    }

    /** The provider's current key id, which new values are sealed under. */
    public String keyId() {
        return keys.currentKeyId();
    }

    /**
     * Seals a value to one row.
     *
     * @param plaintext the value (UTF-8)
     * @param row       what binds it to its row, for example the table, user id and event id
     */
    public String seal(String plaintext, String row) {
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
            Cipher c = Cipher.getInstance(TRANSFORM);
            c.init(Cipher.ENCRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(header);
            c.updateAAD(row.getBytes(StandardCharsets.UTF_8));
            byte[] body = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(ByteBuffer.allocate(header.length + body.length).put(header).put(body).array());
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
            Cipher c = Cipher.getInstance(TRANSFORM);
            c.init(Cipher.DECRYPT_MODE, keys.key(keyId), new GCMParameterSpec(TAG_BITS, all, 2 + idLen, NONCE_BYTES));
            c.updateAAD(all, 0, headerLen);
            c.updateAAD(row.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, headerLen, all.length - headerLen), StandardCharsets.UTF_8);
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
