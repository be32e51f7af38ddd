package io.whyrec.server.feedback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The ids of the explanations the server issues, which a feedback answer names. An id carries what the server
 * must know of the explanation to store the answer, so nothing is kept per issued explanation and an id stays
 * good across restarts: {@code PAYLOAD.TAG}, where PAYLOAD is the unpadded base64url of the UTF-8 lines model,
 * model version, method, narrator (who wrote the sentence), language and arm, and TAG the first 16 hex digits of
 * HMAC-SHA256 over the user, the item and PAYLOAD under a key derived from the server's token secret. The id is
 * deterministic (the same explanation of the same model version gets the same id) and cannot be forged or moved
 * to another user, item or arm without the secret.
 */
public final class ExplanationIds {

    /** Label of the key derivation, so this key differs from the token-signing and pseudonym keys. */
    private static final byte[] LABEL = "whyrec explanation id key v1".getBytes(StandardCharsets.UTF_8);

    /** Longest id accepted when reading (the payload of long model and narrator names included). */
    public static final int MAX_LENGTH = 400;

    private static final int TAG_HEX = 16;

    private final byte[] key;
    /** One keyed MAC per thread: {@link Mac#getInstance} and the key setup cost more than the MAC of an id. */
    private final ThreadLocal<Mac> mac;

    /**
     * What an id says about its explanation.
     *
     * @param model        the served model
     * @param modelVersion its version ({@code GET /v1/models})
     * @param method       the explanation method (exact, loo, counterfactual)
     * @param narrator     who wrote the sentence: "template", or the narrator's name
     * @param lang         the sentence's language (en, zh)
     * @param arm          the user's explanation arm
     */
    public record Issued(String model, long modelVersion, String method, String narrator, String lang, String arm) {
    }

    /** Ids keyed by a key derived from the server's token secret. */
    public ExplanationIds(byte[] secret) {
        this.key = hmac(secret, LABEL);
        this.mac = ThreadLocal.withInitial(() -> keyed(key));
    }

    /** The id of an explanation of {@code item} for {@code user}. */
    public String issue(String user, String item, Issued x) {
        String lines = String.join("\n", x.model(), Long.toString(x.modelVersion()), x.method(), x.narrator(),
                x.lang(), x.arm());
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(lines.getBytes(StandardCharsets.UTF_8));
        return payload + "." + tag(user, item, payload);
    }

    /**
     * Reads an id back.
     *
     * @throws IllegalArgumentException with the reason when the id is malformed or was not issued for this user and
     *                                  item
     */
    public Issued read(String user, String item, String id) {
        int dot = id.lastIndexOf('.');
        if (dot <= 0 || id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not an explanation id issued by this server");
        }
        String payload = id.substring(0, dot);
        byte[] given = id.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, tag(user, item, payload).getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not issued for user '" + user + "' and item '" + item + "' by this "
                    + "server (ask for the explanation again)");
        }
        List<String> f;
        try {
            f = List.of(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\n", -1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an explanation id issued by this server");
        }
        if (f.size() != 6) {
            throw new IllegalArgumentException("not an explanation id issued by this server");
        }
        return new Issued(f.get(0), Long.parseLong(f.get(1)), f.get(2), f.get(3), f.get(4), f.get(5));
    }

    private String tag(String user, String item, String payload) {
        byte[] tag = mac.get().doFinal((user + "\u0000" + item + "\u0000" + payload).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(tag, 0, TAG_HEX / 2);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return keyed(key).doFinal(data);
    }

    /** An HMAC-SHA256 keyed by {@code key}. */
    static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
