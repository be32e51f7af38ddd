package io.whyrec.core.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The spec of {@link Popularity}: it has no parameters, so its grid is the single default. */
public final class PopularitySpec implements ModelSpec<PopularitySpec.Config> {

    /** Popularity has no parameters; this empty record stands for its configuration. */
    public record Config() {
    }

    @Override
    public String name() {
        return Popularity.NAME;
    }

    @Override
    public Config defaults() {
        return new Config();
    }

    @Override
    public List<Config> tuningGrid() {
        return List.of(new Config());
    }

    @Override
    public Config configure(Map<String, String> overrides) {
        Params.of(name(), overrides, Set.of());
        return new Config();
    }

    @Override
    public Recommender fit(Dataset train, Config config, Progress progress) {
        return Popularity.fit(BinaryMatrix.of(train));
    }

    @Override
    public Optional<ModelReader> reader() {
        return Optional.of(Popularity::readPayload);
    }
}
