package io.whyrec.core.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec of {@link EaseIalsBlend}, named "blend". Override keys: {@code easeLambda} (number > 0), the iALS
 * part's {@code factors} (integer 1..1024), {@code ialsLambda} (number > 0), {@code confidenceAlpha} (number >= 0),
 * {@code iterations} (integer >= 1) and {@code seed}, and {@code blend} (in [0, 1]); both parts read the binary
 * history.
 *
 * <p>Tuning grid, {@value #GRID_SIZE} configurations: EASE's binary lambdas {@link EaseSpec#GRID_LAMBDA} crossed
 * with the blends {@link #GRID_BLEND}, the iALS part at its defaults ({@link IalsConfig#defaults()}). Blend 0 is
 * plain EASE, so validation can always fall back to it. The last EASE and the last iALS fit are remembered per
 * training set, so the grid costs {@code GRID_LAMBDA.length} EASE fits and one iALS fit (configurations sharing a
 * lambda are consecutive).
 */
public final class EaseIalsBlendSpec implements ModelSpec<EaseIalsBlendConfig> {

    /** Weights of the iALS part tried in tuning. */
    public static final double[] GRID_BLEND = {0.0, 0.15, 0.3, 0.5};
    /** Size of the tuning grid. */
    public static final int GRID_SIZE = 28;

    private Dataset easeTrain;
    private EaseConfig easeConfig;
    private Ease lastEase;
    private Dataset ialsTrain;
    private IalsConfig ialsConfig;
    private Ials lastIals;

    @Override
    public String name() {
        return EaseIalsBlend.NAME;
    }

    @Override
    public EaseIalsBlendConfig defaults() {
        return EaseIalsBlendConfig.defaults();
    }

    @Override
    public List<EaseIalsBlendConfig> tuningGrid() {
        List<EaseIalsBlendConfig> grid = new ArrayList<>();
        for (double lambda : EaseSpec.GRID_LAMBDA) {
            for (double blend : GRID_BLEND) {
                grid.add(new EaseIalsBlendConfig(lambda, IalsConfig.defaults(), blend));
            }
        }
        return List.copyOf(grid);
    }

    @Override
    public EaseIalsBlendConfig configure(Map<String, String> overrides) {
        return EaseIalsBlendConfig.from(Params.of(name(), overrides, EaseIalsBlendConfig.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, EaseIalsBlendConfig config, Progress progress) {
        return new EaseIalsBlend(ease(train, config.ease(), progress), ials(train, config.ials(), progress),
                config.blend());
    }

    /** EASE on the training set, reused while consecutive fits ask for the same training set and lambda. */
    private synchronized Ease ease(Dataset train, EaseConfig config, Progress progress) {
        if (easeTrain != train || !config.equals(easeConfig)) {
            easeTrain = null;
            lastEase = null; // let the previous matrix go before the next is allocated
            lastEase = Ease.fit(BinaryMatrix.of(train), config, progress);
            easeTrain = train;
            easeConfig = config;
        }
        return lastEase;
    }

    /** iALS on the training set, reused while consecutive fits ask for the same training set and configuration. */
    private synchronized Ials ials(Dataset train, IalsConfig config, Progress progress) {
        if (ialsTrain != train || !config.equals(ialsConfig)) {
            ialsTrain = null;
            lastIals = null;
            lastIals = Ials.fit(train, config, progress);
            ialsTrain = train;
            ialsConfig = config;
        }
        return lastIals;
    }

    @Override
    public Optional<ModelReader> reader() {
        return Optional.of(EaseIalsBlend::readPayload);
    }
}
