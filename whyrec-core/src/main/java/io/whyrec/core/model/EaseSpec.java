package io.whyrec.core.model;

import io.whyrec.api.Recommender;
import io.whyrec.core.Progress;
import io.whyrec.core.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec of {@link Ease}. Override key: {@code lambda} (number > 0). Tuning grid: lambda in
 * {50, 100, 200, 400, 800, 1600, 3200}.
 */
public final class EaseSpec implements ModelSpec<EaseConfig> {

    /** Regularisation values tried in tuning (a doubling grid). */
    public static final double[] GRID_LAMBDA = {50, 100, 200, 400, 800, 1600, 3200};

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
        return Arrays.stream(GRID_LAMBDA).mapToObj(EaseConfig::new).toList();
    }

    @Override
    public EaseConfig configure(Map<String, String> overrides) {
        Params p = Params.of(name(), overrides, Set.of("lambda"));
        return new EaseConfig(p.number("lambda", EaseConfig.DEFAULT_LAMBDA, 0, true));
    }

    @Override
    public Recommender fit(Dataset train, EaseConfig config, Progress progress) {
        return Ease.fit(BinaryMatrix.of(train), config, progress);
    }
}
