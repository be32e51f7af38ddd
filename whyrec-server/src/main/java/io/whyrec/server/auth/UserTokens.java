package io.whyrec.server.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Per-user bearer tokens signed with HMAC-SHA256: {@code v1.<base64url user id>.<expiry seconds>.<base64url mac>}
 * where the MAC covers {@code "v1." + encoded user + "." + expiry}. A token proves which user it was issued for
 * and until when; it carries no other data. Verification compares MACs in constant time.
 */
public final class UserTokens {

    /** Default lifetime of an issued token, in seconds (24 hours). */
    public static final long DEFAULT_TTL_SECONDS = 86_400;

    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private final byte[] secret;

    /**
     * @param secret the signing key, at least 32 bytes
     * @throws IllegalArgumentException when the key is shorter
     */
    public UserTokens(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("token secret has " + secret.length + " bytes; at least 32 are needed");
        }
        this.secret = secret.clone();
    }

    /** Issues a token for a user valid until {@code expiresAt} (seconds since the epoch). */
    public String issue(String user, long expiresAt) {
        String body = "v1." + ENC.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + expiresAt;
        return body + "." + ENC.encodeToString(mac(body));
    }

    /**
     * The user a token was issued for, when its signature is valid and it has not expired at {@code now}.
     *
     * @return empty for a malformed, forged or expired token
     */
    public Optional<String> verify(String token, long now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] given;
        long expiry;
        String user;
        try {
            given = DEC.decode(parts[3]);
            expiry = Long.parseLong(parts[2]);
            user = new String(DEC.decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(body), given) || now >= expiry) {
            return Optional.empty();
        }
        return Optional.of(user);
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
