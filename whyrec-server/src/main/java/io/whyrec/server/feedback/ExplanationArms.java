package io.whyrec.server.feedback;

import io.whyrec.explain.text.TextConfig;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The A/B arms of explanation styles and the rule that assigns each user to one: arm number
 * {@code HMAC-SHA256(seed, user) mod arms}, read as an unsigned 64-bit number from the first eight bytes of the
 * MAC keyed by the seed's eight big-endian bytes. The assignment depends on the seed and the user id only, so it
 * is stable across requests, restarts and servers with the same seed, and a new seed draws a new split.
 *
 * <p>The defaults ({@link #defaults(boolean)}): without a narrator, {@code reasons-2} (the template sentence
 * names the two strongest history items, as {@link TextConfig#DEFAULT}) against {@code reasons-5} (it names up
 * to five); with a narrator configured ({@code whyrec serve --narrator}), {@code template} (the template sentence
 * with two reasons) against {@code narrator} (the narrator's sentence behind its grounding gate, on the single
 * explanation endpoint; lists always carry template sentences). The seed of both is {@link #DEFAULT_SEED}.
 *
 * @param seed the seed of the assignment
 * @param arms the arms, at least one, with distinct names
 */
public record ExplanationArms(long seed, List<Arm> arms) {

    /** The seed of the default arms. */
    public static final long DEFAULT_SEED = 20_261_203L;

    /**
     * One explanation style.
     *
     * @param name     the arm's name in responses and reports (1 to 40 letters, digits, '-', '_' or '.')
     * @param reasons  how many history items the template sentence names, 1..20 ({@link TextConfig#maxItems()})
     * @param narrated whether the configured narrator writes the single explanation's sentence (the template
     *                 writes it otherwise, and when the narrator's sentence fails the grounding gate)
     */
    public record Arm(String name, int reasons, boolean narrated) {
        /** Checks the name and the number of reasons. */
        public Arm {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,40}")) {
                throw new IllegalArgumentException("arm name '" + name + "': use 1 to 40 letters, digits, '-', '_' "
                        + "or '.'");
            }
            if (reasons < 1 || reasons > 20) {
                throw new IllegalArgumentException("arm " + name + ": reasons must be in [1, 20], got " + reasons);
            }
        }

        /** The template settings of this arm: {@link #reasons()} items, the default facets and counterfactual. */
        public TextConfig text() {
            TextConfig d = TextConfig.DEFAULT;
            return new TextConfig(reasons, d.maxFacets(), d.maxCounterfactualItems());
        }
    }

    /** Checks the arms and copies the list. */
    public ExplanationArms {
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("arms: at least one explanation arm is needed");
        }
        Set<String> names = new HashSet<>();
        for (Arm a : arms) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("arms: the name '" + a.name() + "' is used twice");
            }
        }
    }

    /** The default arms: reasons-2 against reasons-5, or template against narrator when a narrator is configured. */
    public static ExplanationArms defaults(boolean narrator) {
        return narrator
                ? new ExplanationArms(DEFAULT_SEED, List.of(new Arm("template", 2, false), new Arm("narrator", 2, true)))
                : new ExplanationArms(DEFAULT_SEED, List.of(new Arm("reasons-2", 2, false),
                        new Arm("reasons-5", 5, false)));
    }

    /**
     * Arms from their command-line form, a comma-separated list of {@code NAME:REASONS} or
     * {@code NAME:REASONS:narrator} ({@code whyrec serve --arms reasons-2:2,reasons-5:5}).
     *
     * @throws IllegalArgumentException naming the arm that is malformed
     */
    public static ExplanationArms parse(String spec, long seed) {
        List<Arm> out = new java.util.ArrayList<>();
        for (String part : spec.split(",")) {
            String[] f = part.trim().split(":");
            if (f.length < 2 || f.length > 3 || (f.length == 3 && !f[2].equals("narrator"))) {
                throw new IllegalArgumentException("--arms: '" + part.trim() + "' is not NAME:REASONS or "
                        + "NAME:REASONS:narrator");
            }
            int reasons;
            try {
                reasons = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--arms: '" + part.trim() + "': REASONS '" + f[1]
                        + "' is not an integer");
            }
            out.add(new Arm(f[0], reasons, f.length == 3));
        }
        return new ExplanationArms(seed, out);
    }

    /** The arm of a user: {@code HMAC-SHA256(seed, user) mod arms} (see the class comment). */
    public Arm assign(String user) {
        if (arms.size() == 1) {
            return arms.get(0);
        }
        Mac mac = ExplanationIds.keyed(ByteBuffer.allocate(8).putLong(seed).array());
        long h = ByteBuffer.wrap(mac.doFinal(user.getBytes(StandardCharsets.UTF_8))).getLong();
        return arms.get((int) Long.remainderUnsigned(h, arms.size()));
    }

    /** The arm of a name, or null. */
    public Arm named(String name) {
        for (Arm a : arms) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
