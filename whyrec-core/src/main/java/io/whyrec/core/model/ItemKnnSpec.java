package io.whyrec.core.model;

import io.whyrec.api.Recommender;
import io.whyrec.core.Progress;
import io.whyrec.core.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec of {@link ItemKnn}. Override keys: {@code k} (neighbours, integer >= 1) and {@code shrinkage}
 * (number >= 0). Tuning grid: k in {20, 50, 100, 200} x shrinkage in {0, 10, 50}.
 */
public final class ItemKnnSpec implements ModelSpec<ItemKnnConfig> {

    /** Neighbour counts tried in tuning. */
    public static final int[] GRID_K = {20, 50, 100, 200};
    /** Shrinkage values tried in tuning. */
    public static final double[] GRID_SHRINKAGE = {0, 10, 50};

    @Override
    public String name() {
        return ItemKnn.NAME;
    }

    @Override
    public ItemKnnConfig defaults() {
        return ItemKnnConfig.defaults();
    }

    @Override
    public List<ItemKnnConfig> tuningGrid() {
        List<ItemKnnConfig> grid = new ArrayList<>();
        for (int k : GRID_K) {
            for (double s : GRID_SHRINKAGE) {
                grid.add(new ItemKnnConfig(k, s));
            }
        }
        return List.copyOf(grid);
    }

    @Override
    public ItemKnnConfig configure(Map<String, String> overrides) {
        Params p = Params.of(name(), overrides, Set.of("k", "shrinkage"));
        return new ItemKnnConfig(p.intAtLeast("k", ItemKnnConfig.DEFAULT_NEIGHBOURS, 1),
                p.number("shrinkage", ItemKnnConfig.DEFAULT_SHRINKAGE, 0, false));
    }

    @Override
    public Recommender fit(Dataset train, ItemKnnConfig config, Progress progress) {
        return ItemKnn.fit(BinaryMatrix.of(train), config, progress);
    }
}
