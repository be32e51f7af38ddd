package io.whyrec.eval.protocol;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import io.whyrec.core.model.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model spec pinned to one configuration, or to a grid the user chose: its defaults are the first
 * configuration and its tuning grid is the list. The command line uses it when the user sets a model's
 * parameters explicitly ({@code evaluate --param ease.lambda=400}, or {@code ease.lambda=200,400,800} for a
 * grid), so the evaluator does not tune them away, or searches only what was given.
 *
 * @param <C> the model's configuration record
 */
public final class FixedSpec<C> implements ModelSpec<C> {

    private final ModelSpec<C> spec;
    private final List<C> grid;

    private FixedSpec(ModelSpec<C> spec, List<C> grid) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.grid = List.copyOf(grid);
        if (this.grid.isEmpty()) {
            throw new IllegalArgumentException(spec.name() + ": an empty grid of configurations");
        }
    }

    /** The spec pinned to a configuration. */
    public static <C> FixedSpec<C> of(ModelSpec<C> spec, C config) {
        return new FixedSpec<>(spec, List.of(Objects.requireNonNull(config, "config")));
    }

    /**
     * The spec limited to a grid: each element of {@code overrides} is one configuration's "key=value" overrides
     * on top of the defaults ({@link ModelSpec#configure}); with one element nothing is tuned.
     */
    public static <C> FixedSpec<C> grid(ModelSpec<C> spec, List<Map<String, String>> overrides) {
        return new FixedSpec<>(spec, overrides.stream().map(spec::configure).toList());
    }

    /** The spec pinned to its defaults with "key=value" overrides applied ({@link ModelSpec#configure}). */
    public static <C> FixedSpec<C> configured(ModelSpec<C> spec, Map<String, String> overrides) {
        return new FixedSpec<>(spec, List.of(spec.configure(overrides)));
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public C defaults() {
        return grid.get(0);
    }

    @Override
    public List<C> tuningGrid() {
        return grid;
    }

    @Override
    public C configure(Map<String, String> overrides) {
        return spec.configure(overrides);
    }

    @Override
    public Recommender fit(Dataset train, C chosen, Progress progress) {
        return spec.fit(train, chosen, progress);
    }

    @Override
    public Optional<ModelReader> reader() {
        return spec.reader();
    }
}
