package io.whyrec.server.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Tokens carry their user's generation, and moving the generation on revokes every earlier token. */
class TokenGenerationsTest {

    private static final byte[] SECRET = "a-token-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final String ADMIN = "admin-key-of-16-chars";

    @Test
    void aNewGenerationRevokesOlderTokensOnly() {
        UserKeys keys = new UserKeys(SECRET);
        TokenGenerations gens = new TokenGenerations(keys, Map.of());
        UserTokens tokens = new UserTokens(SECRET);
        Authenticator auth = new Authenticator(ADMIN, tokens, gens);
        long now = 1_700_000_000L;
        String old = auth.issue("943", now + 3600);
        String other = auth.issue("94", now + 3600);
        assertEquals("943", auth.identify(null, "Bearer " + old, now).user());
        gens.set(keys.of("943"), 1);
        assertEquals(Caller.ANONYMOUS, auth.identify(null, "Bearer " + old, now), "revoked");
        assertEquals("94", auth.identify(null, "Bearer " + other, now).user(), "another user keeps theirs");
        String fresh = auth.issue("943", now + 3600);
        assertEquals("943", auth.identify(null, "Bearer " + fresh, now).user());
        assertEquals(1, tokens.verifyGeneration(fresh, now).orElseThrow().generation());
        // a forged generation fails the MAC
        String forged = fresh.replaceFirst("^v2\\.([^.]*)\\.1\\.", "v2.$1.2.");
        assertNotEquals(fresh, forged);
        assertEquals(Caller.ANONYMOUS, auth.identify(null, "Bearer " + forged, now));
    }

    @Test
    void aTokenOfTheEarlierFormReadsAsGenerationZero() throws Exception {
        UserKeys keys = new UserKeys(SECRET);
        TokenGenerations gens = new TokenGenerations(keys, Map.of());
        Authenticator auth = new Authenticator(ADMIN, new UserTokens(SECRET), gens);
        long now = 1_700_000_000L;
        String body = "v1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("94".getBytes(StandardCharsets.UTF_8)) + "." + (now + 60);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        String v1 = body + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("94", auth.identify(null, "Bearer " + v1, now).user(), "accepted at generation 0");
        gens.set(keys.of("94"), 1);
        assertEquals(Caller.ANONYMOUS, auth.identify(null, "Bearer " + v1, now), "revoked by the erasure");
    }

    @Test
    void pseudonymsAreKeyedAndStable() {
        UserKeys a = new UserKeys(SECRET);
        UserKeys b = new UserKeys("another-secret-of-at-least-32-bytes!!!".getBytes(StandardCharsets.UTF_8));
        assertEquals(a.of("943"), new UserKeys(SECRET).of("943"));
        assertNotEquals(a.of("943"), b.of("943"), "another secret, another pseudonym");
        assertNotEquals(a.of("943"), a.of("94"));
        assertEquals(64, a.of("943").length());
    }
}
