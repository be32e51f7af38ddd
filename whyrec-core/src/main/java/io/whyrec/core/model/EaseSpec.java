package io.whyrec.core.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import io.whyrec.core.profile.EventWeighting;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spec of {@link Ease}. Override keys: {@code lambda} (number > 0), {@code form} (auto, double, float or
 * sparse, see {@link EaseConfig.Form}), {@code neighbours} (items per column of the sparse form) and the history
 * weighting of
 * {@link ModelHistories#weighting}: {@code weighting=binary} (the default) or {@code weighting=formula} with the
 * seed-formula keys on top of {@link EventWeighting#DEFAULT} (alpha, beta, halfLifeDays, frequency, windowDays,
 * heat, maxRating, dwellCapSeconds, negativeTypes, negativeBelowRating).
 *
 * <p>Tuning grid, 16 configurations, binary first so that a tie keeps the binary history:
 * <ul>
 *   <li>lambda in {@link #GRID_LAMBDA} {50, 100, 200, 400, 800, 1600, 3200} with the binary history (7);</li>
 *   <li>lambda in {@link #GRID_WEIGHTED_LAMBDA} {200, 400, 800} crossed with the formula weightings of
 *       {@link ModelHistories#GRID_WEIGHTINGS}: the default (alpha 0.3, beta 0.7, half-life 180 days), a 60-day
 *       half-life, and heat only (alpha 0, beta 1) (9).</li>
 * </ul>
 * The weighting does not change the fit (B is learnt from the binary matrix), only the history that is scored;
 * the tuner still fits each configuration on its own, which costs 16 closed-form fits.
 */
public final class EaseSpec implements ModelSpec<EaseConfig> {

    /** Regularisation values tried with the binary history in tuning (a doubling grid). */
    public static final double[] GRID_LAMBDA = {50, 100, 200, 400, 800, 1600, 3200};
    /** Regularisation values tried with each formula weighting of {@link ModelHistories#GRID_WEIGHTINGS}. */
    public static final double[] GRID_WEIGHTED_LAMBDA = {200, 400, 800};

    private static final Set<String> KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("lambda");
        keys.add("form");
        keys.add("neighbours");
        keys.addAll(ModelHistories.WEIGHTING_KEYS);
        KEYS = Set.copyOf(keys);
    }

    @Override
    public String name() {
        return Ease.NAME;
    }

    @Override
    public EaseConfig defaults() {
        return EaseConfig.defaults();
    }

    @Override
    public List<EaseConfig> tuningGrid() {
        List<EaseConfig> grid = new ArrayList<>();
        for (double lambda : GRID_LAMBDA) {
            grid.add(new EaseConfig(lambda));
        }
        for (double lambda : GRID_WEIGHTED_LAMBDA) {
            for (EventWeighting w : ModelHistories.GRID_WEIGHTINGS) {
                grid.add(new EaseConfig(lambda, w));
            }
        }
        return List.copyOf(grid);
    }

    @Override
    public EaseConfig configure(Map<String, String> overrides) {
        return EaseConfig.from(Params.of(name(), overrides, EaseConfig.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, EaseConfig config, Progress progress) {
        return Ease.fit(BinaryMatrix.of(train), config, progress);
    }

    @Override
    public Optional<ModelReader> reader() {
        return Optional.of(Ease::readPayload);
    }
}
