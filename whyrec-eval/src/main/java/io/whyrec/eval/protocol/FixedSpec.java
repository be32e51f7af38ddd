package io.whyrec.eval.protocol;

import io.whyrec.api.Recommender;
import io.whyrec.core.Progress;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model spec pinned to one configuration: its defaults and its one-element tuning grid are that
 * configuration. The command line uses it when the user sets a model's parameters explicitly, so the
 * evaluator does not tune them away.
 *
 * @param <C> the model's configuration record
 */
public final class FixedSpec<C> implements ModelSpec<C> {

    private final ModelSpec<C> spec;
    private final C config;

    private FixedSpec(ModelSpec<C> spec, C config) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The spec pinned to a configuration. */
    public static <C> FixedSpec<C> of(ModelSpec<C> spec, C config) {
        return new FixedSpec<>(spec, config);
    }

    /** The spec pinned to its defaults with "key=value" overrides applied ({@link ModelSpec#configure}). */
    public static <C> FixedSpec<C> configured(ModelSpec<C> spec, Map<String, String> overrides) {
        return new FixedSpec<>(spec, spec.configure(overrides));
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public C defaults() {
        return config;
    }

    @Override
    public List<C> tuningGrid() {
        return List.of(config);
    }

    @Override
    public C configure(Map<String, String> overrides) {
        return spec.configure(overrides);
    }

    @Override
    public Recommender fit(Dataset train, C chosen, Progress progress) {
        return spec.fit(train, chosen, progress);
    }
}
