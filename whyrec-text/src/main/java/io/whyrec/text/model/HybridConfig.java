package io.whyrec.text.model;

import io.whyrec.core.model.EaseConfig;
import io.whyrec.text.embed.EmbeddingConfig;
import java.util.Objects;

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
