package io.whyrec.server.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Keyed pseudonyms of user ids: the hex HMAC-SHA256 of the id under a key derived from the server's token secret.
 * What must outlive an erasure (the token generation that revokes the erased user's tokens, the audit log's
 * records of who was erased) names the user only by this key, so the raw id is not kept. Whoever holds the token
 * secret can still test a guessed id against a key (small integer ids can be enumerated); docs/serving.md says so.
 */
public final class UserKeys {

    /** Label of the key derivation, so the pseudonym key differs from the token-signing key. */
    private static final byte[] LABEL = "whyrec user pseudonym key v1".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;

    /**
     * @param secret the server's token secret (at least 32 bytes)
     */
    public UserKeys(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("token secret has " + secret.length + " bytes; at least 32 are needed");
        }
        this.key = hmac(secret, LABEL);
    }

    /** The keyed pseudonym of a user id: 64 lower-case hex digits. */
    public String of(String user) {
        return HexFormat.of().formatHex(hmac(key, user.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
