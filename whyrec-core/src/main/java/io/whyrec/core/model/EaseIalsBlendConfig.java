package io.whyrec.core.model;

import io.whyrec.core.config.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of {@link EaseIalsBlend}. Defaults, in one place:
 * <ul>
 *   <li>{@code easeLambda = EaseConfig.DEFAULT_LAMBDA} (500, unit: interactions): EASE's L2 regularisation.</li>
 *   <li>the iALS part at {@link IalsConfig#defaults()}: {@code factors} 64, {@code ialsLambda} 50,
 *       {@code confidenceAlpha} 5, {@code iterations} 15, {@code seed} 42, on the binary history.</li>
 *   <li>{@code blend = 0.3} (unitless, in [0, 1]): weight of the standardised iALS score; 1 - blend goes to the
 *       standardised EASE score. 0 ranks exactly as EASE, 1 exactly as iALS.</li>
 * </ul>
 * Both parts read the binary history (w = 1, or -1 against an item); the seed-formula weighting is not offered
 * here, so that both parts score the history they were trained on.
 *
 * @param easeLambda EASE regularisation, > 0 and finite
 * @param ials       the iALS part; must read the binary history
 * @param blend      weight of the iALS part, in [0, 1]
 */
public record EaseIalsBlendConfig(double easeLambda, IalsConfig ials, double blend) {

    /** Default weight of the iALS part. */
    public static final double DEFAULT_BLEND = 0.3;

    /** The keys {@link #from} reads. */
    public static final Set<String> KEYS = Set.of("easeLambda", "factors", "ialsLambda", "confidenceAlpha",
            "iterations", "seed", "blend");

    /** Checks the values, naming the parameter that is out of range. */
    public EaseIalsBlendConfig {
        if (!(easeLambda > 0) || !Double.isFinite(easeLambda)) {
            throw new IllegalArgumentException("blend: easeLambda must be a finite number > 0, got " + easeLambda);
        }
        Objects.requireNonNull(ials, "ials");
        if (!ials.binary()) {
            throw new IllegalArgumentException("blend: the iALS part must read the binary history");
        }
        if (!(blend >= 0 && blend <= 1)) {
            throw new IllegalArgumentException("blend: blend must be in [0, 1], got " + blend);
        }
    }

    /** The defaults listed in the class comment. */
    public static EaseIalsBlendConfig defaults() {
        return new EaseIalsBlendConfig(EaseConfig.DEFAULT_LAMBDA, IalsConfig.defaults(), DEFAULT_BLEND);
    }

    /** The EASE part's configuration: the lambda, the binary history, the automatic form. */
    public EaseConfig ease() {
        return new EaseConfig(easeLambda);
    }

    /** A copy with another blend weight. */
    public EaseIalsBlendConfig withBlend(double newBlend) {
        return new EaseIalsBlendConfig(easeLambda, ials, newBlend);
    }

    /** Reads a configuration from settings, the defaults where a key is absent. */
    public static EaseIalsBlendConfig from(Params p) {
        EaseIalsBlendConfig d = defaults();
        double blend = p.number("blend", d.blend(), 0, false);
        if (blend > 1) {
            throw p.error("blend", "a number in [0, 1]");
        }
        IalsConfig ials = new IalsConfig(p.intAtLeast("factors", d.ials().factors(), 1),
                p.number("ialsLambda", d.ials().lambda(), 0, true),
                p.number("confidenceAlpha", d.ials().confidenceAlpha(), 0, false),
                p.intAtLeast("iterations", d.ials().iterations(), 1), p.longValue("seed", d.ials().seed()), null);
        return new EaseIalsBlendConfig(p.number("easeLambda", d.easeLambda(), 0, true), ials, blend);
    }

    /** The settings {@link #from} reads back into this configuration. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("easeLambda", Double.toString(easeLambda));
        s.put("factors", Integer.toString(ials.factors()));
        s.put("ialsLambda", Double.toString(ials.lambda()));
        s.put("confidenceAlpha", Double.toString(ials.confidenceAlpha()));
        s.put("iterations", Integer.toString(ials.iterations()));
        s.put("seed", Long.toString(ials.seed()));
        s.put("blend", Double.toString(blend));
        return s;
    }
}
