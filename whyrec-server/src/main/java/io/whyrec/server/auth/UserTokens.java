package io.whyrec.server.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Per-user bearer tokens signed with HMAC-SHA256:
 * {@code v2.<base64url user id>.<generation>.<expiry seconds>.<base64url mac>} where the MAC covers everything
 * before its dot. A token proves which user it was issued for, in which of the user's
 * {@link TokenGenerations token generations} and until when; it carries no other data. Tokens of the earlier
 * form {@code v1.<user>.<expiry>.<mac>} read as generation 0. Verification compares MACs in constant time.
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

    /**
     * A verified token: whom it was issued for and in which of their token generations.
     *
     * @param user       the user id
     * @param generation the user's token generation when it was issued
     */
    public record Verified(String user, long generation) {
    }

    /** Issues a token of generation 0 for a user valid until {@code expiresAt} (seconds since the epoch). */
    public String issue(String user, long expiresAt) {
        return issue(user, 0, expiresAt);
    }

    /** Issues a token for a user in a token generation, valid until {@code expiresAt} (seconds since the epoch). */
    public String issue(String user, long generation, long expiresAt) {
        String body = "v2." + ENC.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + generation + "."
                + expiresAt;
        return body + "." + ENC.encodeToString(mac(body));
    }

    /**
     * The user a token was issued for, when its signature is valid and it has not expired at {@code now}.
     *
     * @return empty for a malformed, forged or expired token
     */
    public Optional<String> verify(String token, long now) {
        return verifyGeneration(token, now).map(Verified::user);
    }

    /**
     * The user and generation of a token, when its signature is valid and it has not expired at {@code now}
     * (whether the generation is still the user's current one is for {@link Authenticator} to check).
     *
     * @return empty for a malformed, forged or expired token
     */
    public Optional<Verified> verifyGeneration(String token, long now) {
        String[] parts = token.split("\\.", -1);
        boolean v1 = parts.length == 4 && parts[0].equals("v1");
        boolean v2 = parts.length == 5 && parts[0].equals("v2");
        if (!v1 && !v2) {
            return Optional.empty();
        }
        int macAt = parts.length - 1;
        String body = String.join(".", java.util.Arrays.copyOf(parts, macAt));
        byte[] given;
        long expiry;
        long generation;
        String user;
        try {
            given = DEC.decode(parts[macAt]);
            expiry = Long.parseLong(parts[macAt - 1]);
            generation = v2 ? Long.parseLong(parts[2]) : 0;
            user = new String(DEC.decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(body), given) || now >= expiry || generation < 0) {
            return Optional.empty();
        }
        return Optional.of(new Verified(user, generation));
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
