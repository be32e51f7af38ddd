package io.whyrec.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns a request's headers into a {@link Caller}: {@value #ADMIN_HEADER} carrying the admin API key (compared in
 * constant time), or {@code Authorization: Bearer <token>} carrying a {@link UserTokens user token} whose
 * generation is the user's current one ({@link TokenGenerations}): a token issued before the user was erased is
 * refused on every request after the erasure.
 */
public final class Authenticator {

    /** The header that carries the admin API key. */
    public static final String ADMIN_HEADER = "X-Admin-Key";

    private final byte[] adminKey;
    private final UserTokens tokens;
    private final TokenGenerations generations;

    /**
     * @param adminKey    the admin API key, at least 16 characters
     * @param tokens      the user token signer
     * @param generations every user's current token generation
     */
    public Authenticator(String adminKey, UserTokens tokens, TokenGenerations generations) {
        checkAdminKey(adminKey);
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
        this.generations = generations;
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

    /** The users' token generations. */
    public TokenGenerations generations() {
        return generations;
    }

    /** Issues a token of the user's current generation, valid until {@code expiresAt} (seconds since the epoch). */
    public String issue(String user, long expiresAt) {
        return tokens.issue(user, generations.current(user), expiresAt);
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
            return tokens.verifyGeneration(authorization.substring(7).trim(), now)
                    .filter(t -> t.generation() == generations.current(t.user()))
                    .map(t -> Caller.user(t.user())).orElse(Caller.ANONYMOUS);
        }
        return Caller.ANONYMOUS;
    }
}
