package io.whyrec.text.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spec of the {@link HybridModel}, named "hybrid". Override keys: {@code lambda} (> 0), {@code blend}
 * (in [0, 1]) and {@code encoder} (auto|minilm|bge-zh|hashing|vectors). The tuning grid is EASE's lambda grid
 * ({@link EaseSpec#GRID_LAMBDA}) crossed with the blends {@link #GRID_BLEND}; blend 0 is plain EASE, so
 * validation can always fall back to it. The EASE part is fitted through {@code Models.require("ease")}; the last
 * fit is remembered so configurations sharing a lambda (consecutive in the grid) reuse it.
 */
public final class HybridSpec implements ModelSpec<HybridConfig> {

    /** Content weights tried in tuning. */
    public static final double[] GRID_BLEND = {0.0, 0.1, 0.2, 0.35, 0.5};

    private final EmbeddingSource source;
    private Dataset lastTrain;
    private double lastLambda;
    private Ease lastEase;

    /** A spec that embeds through a source. */
    public HybridSpec(EmbeddingSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String name() {
        return HybridModel.NAME;
    }

    @Override
    public HybridConfig defaults() {
        return HybridConfig.DEFAULT;
    }

    @Override
    public List<HybridConfig> tuningGrid() {
        List<HybridConfig> grid = new ArrayList<>();
        for (double lambda : EaseSpec.GRID_LAMBDA) {
            for (double blend : GRID_BLEND) {
                grid.add(new HybridConfig(lambda, blend, defaults().encoder()));
            }
        }
        return grid;
    }

    @Override
    public HybridConfig configure(Map<String, String> overrides) {
        return HybridConfig.from(Params.of(name(), overrides, HybridConfig.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, HybridConfig config, Progress progress) {
        return new HybridModel(ease(train, config.lambda(), progress),
                source.of(train.catalog(), config.encoder(), progress), config);
    }

    @SuppressWarnings("unchecked")
    private synchronized Ease ease(Dataset train, double lambda, Progress progress) {
        if (lastTrain != train || lastLambda != lambda) {
            ModelSpec<EaseConfig> spec = (ModelSpec<EaseConfig>) Models.require("ease");
            Recommender fitted = spec.fit(train, new EaseConfig(lambda), progress);
            if (!(fitted instanceof Ease e)) {
                throw new IllegalStateException("model 'ease' is " + fitted.getClass().getName() + ", expected Ease");
            }
            lastTrain = train;
            lastLambda = lambda;
            lastEase = e;
        }
        return lastEase;
    }
}
