package io.whyrec.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns a request's headers into a {@link Caller}: {@value #ADMIN_HEADER} carrying the admin API key (compared in
 * constant time), or {@code Authorization: Bearer <token>} carrying a {@link UserTokens user token}.
 */
public final class Authenticator {

    /** The header that carries the admin API key. */
    public static final String ADMIN_HEADER = "X-Admin-Key";

    private final byte[] adminKey;
    private final UserTokens tokens;

    /**
     * @param adminKey the admin API key, at least 16 characters
     * @param tokens   the user token signer
     */
    public Authenticator(String adminKey, UserTokens tokens) {
        checkAdminKey(adminKey);
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
    }

    /**
     * Refuses an admin API key shorter than 16 characters.
     *
     * @throws IllegalArgumentException naming the rule and where the key comes from
     */
    public static void checkAdminKey(String adminKey) {
        if (adminKey == null || adminKey.length() < 16) {
            throw new IllegalArgumentException("the admin API key (WHYREC_ADMIN_KEY) must have at least 16 "
                    + "characters, got " + (adminKey == null ? "none" : adminKey.length()));
        }
    }

    /** The token signer. */
    public UserTokens tokens() {
        return tokens;
    }

    /**
     * Identifies the caller.
     *
     * @param adminHeader   value of {@value #ADMIN_HEADER}, or null
     * @param authorization value of the Authorization header, or null
     * @param now           current time, seconds since the epoch
     */
    public Caller identify(String adminHeader, String authorization, long now) {
        if (adminHeader != null
                && MessageDigest.isEqual(adminKey, adminHeader.getBytes(StandardCharsets.UTF_8))) {
            return Caller.ADMIN;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.verify(authorization.substring(7).trim(), now).map(Caller::user).orElse(Caller.ANONYMOUS);
        }
        return Caller.ANONYMOUS;
    }
}
