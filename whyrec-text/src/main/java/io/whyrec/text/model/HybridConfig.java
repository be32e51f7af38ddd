package io.whyrec.text.model;

import io.whyrec.core.config.Params;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.text.embed.EmbeddingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of the {@link HybridModel}. Defaults, in one place:
 * <ul>
 *   <li>{@code lambda = EaseConfig.DEFAULT_LAMBDA} (500): EASE's L2 regularisation.</li>
 *   <li>{@code blend = 0.2} (unitless, in [0, 1]): weight of the standardised content score; 1 - blend goes to
 *       the standardised EASE score. 0 ranks exactly as EASE, 1 exactly as the content model.</li>
 *   <li>{@code encoder = AUTO}: the text model (see {@link EmbeddingConfig}).</li>
 * </ul>
 *
 * @param lambda  EASE regularisation, > 0
 * @param blend   weight of the content part, in [0, 1]
 * @param encoder which text encoder
 */
public record HybridConfig(double lambda, double blend, EmbeddingConfig.Choice encoder) {

    /** Default weight of the content part. */
    public static final double DEFAULT_BLEND = 0.2;

    /** The defaults listed in the class comment. */
    public static final HybridConfig DEFAULT = new HybridConfig(EaseConfig.DEFAULT_LAMBDA, DEFAULT_BLEND,
            EmbeddingConfig.Choice.AUTO);

    /** The keys {@link #from} reads. */
    public static final Set<String> KEYS = Set.of("lambda", "blend", "encoder");

    /** Reads a configuration from settings, the defaults where a key is absent. */
    public static HybridConfig from(Params p) {
        double blend = p.number("blend", DEFAULT.blend(), 0, false);
        if (blend > 1) {
            throw p.error("blend", "a number in [0, 1]");
        }
        return new HybridConfig(p.number("lambda", DEFAULT.lambda(), 0, true), blend,
                p.choice("encoder", EmbeddingConfig.Choice.class, DEFAULT.encoder()));
    }

    /** The settings {@link #from} reads back into this configuration. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("lambda", Double.toString(lambda));
        s.put("blend", Double.toString(blend));
        s.put("encoder", Params.choiceName(encoder));
        return s;
    }

    /** Checks the values. */
    public HybridConfig {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be > 0 and finite, got " + lambda);
        }
        if (!(blend >= 0 && blend <= 1)) {
            throw new IllegalArgumentException("blend must be in [0, 1], got " + blend);
        }
        Objects.requireNonNull(encoder, "encoder");
    }
}
