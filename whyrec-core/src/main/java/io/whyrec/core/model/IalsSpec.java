package io.whyrec.core.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spec of {@link Ials}. Override keys: {@code factors} (integer 1..1024), {@code lambda} (number > 0),
 * {@code confidenceAlpha} (number >= 0), {@code iterations} (integer >= 1), {@code seed} (integer >= 0), and the
 * history weighting of {@link ModelHistories#weighting}, as for EASE: {@code weighting=binary} (the default) or
 * {@code weighting=formula} with the seed-formula keys. The confidence scale is {@code confidenceAlpha} because
 * {@code alpha} is the seed formula's frequency weight; naming {@code alpha} without {@code weighting=formula}
 * is refused with a message that says so.
 *
 * <p>Tuning grid, {@value #GRID_SIZE} configurations of the binary history, at the default iterations and seed:
 * factors in {@link #GRID_FACTORS} {64, 128} crossed with (lambda, confidenceAlpha) in {@link #GRID_LAMBDA_ALPHA}
 * {(50, 5), (100, 10), (200, 20)}: the ratio alpha / lambda held at 1/10, where a wider search on the
 * validation splits of ML-100K and ML-1M found the best configurations (docs/serving.md), at three scales.
 */
public final class IalsSpec implements ModelSpec<IalsConfig> {

    /** Factor dimensions tried in tuning. */
    public static final int[] GRID_FACTORS = {64, 128};
    /** (lambda, confidenceAlpha) pairs tried with each factor dimension. */
    public static final double[][] GRID_LAMBDA_ALPHA = {{50, 5}, {100, 10}, {200, 20}};
    /** Size of the tuning grid. */
    public static final int GRID_SIZE = 6;

    private static final Set<String> KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("factors");
        keys.add("lambda");
        keys.add("confidenceAlpha");
        keys.add("iterations");
        keys.add("seed");
        keys.addAll(ModelHistories.WEIGHTING_KEYS);
        KEYS = Set.copyOf(keys);
    }

    @Override
    public String name() {
        return Ials.NAME;
    }

    @Override
    public IalsConfig defaults() {
        return IalsConfig.defaults();
    }

    @Override
    public List<IalsConfig> tuningGrid() {
        List<IalsConfig> grid = new ArrayList<>();
        for (int factors : GRID_FACTORS) {
            for (double[] la : GRID_LAMBDA_ALPHA) {
                grid.add(new IalsConfig(factors, la[0], la[1]));
            }
        }
        return List.copyOf(grid);
    }

    @Override
    public IalsConfig configure(Map<String, String> overrides) {
        return IalsConfig.from(Params.of(name(), overrides, IalsConfig.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, IalsConfig config, Progress progress) {
        return Ials.fit(train, config, progress);
    }

    @Override
    public Optional<ModelReader> reader() {
        return Optional.of(Ials::readPayload);
    }
}
