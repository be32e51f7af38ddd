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
 * The spec of {@link ItemKnn}. Override keys: {@code k} (neighbours, integer >= 1), {@code shrinkage}
 * (number >= 0) and the history weighting of {@link ModelHistories#weighting}: {@code weighting=binary} (the
 * default) or {@code weighting=formula} with the seed-formula keys on top of {@link EventWeighting#DEFAULT}
 * (alpha, beta, halfLifeDays, frequency, windowDays, heat, maxRating, dwellCapSeconds, negativeTypes,
 * negativeBelowRating).
 *
 * <p>Tuning grid, 18 configurations, binary first so that a tie keeps the binary history:
 * <ul>
 *   <li>k in {@link #GRID_K} {20, 50, 100, 200} x shrinkage in {@link #GRID_SHRINKAGE} {0, 10, 50} with the binary
 *       history (12);</li>
 *   <li>k in {@link #GRID_WEIGHTED_K} {50, 200} with shrinkage 10, crossed with the formula weightings of
 *       {@link ModelHistories#GRID_WEIGHTINGS}: the default (alpha 0.3, beta 0.7, half-life 180 days), a 60-day
 *       half-life, and heat only (alpha 0, beta 1) (6).</li>
 * </ul>
 * The weighting does not change the fit (the similarities come from the binary matrix), only the history that is
 * scored.
 */
public final class ItemKnnSpec implements ModelSpec<ItemKnnConfig> {

    /** Neighbour counts tried with the binary history in tuning. */
    public static final int[] GRID_K = {20, 50, 100, 200};
    /** Shrinkage values tried with the binary history in tuning. */
    public static final double[] GRID_SHRINKAGE = {0, 10, 50};
    /** Neighbour counts tried with each formula weighting (shrinkage {@link #GRID_WEIGHTED_SHRINKAGE}). */
    public static final int[] GRID_WEIGHTED_K = {50, 200};
    /** Shrinkage tried with each formula weighting. */
    public static final double GRID_WEIGHTED_SHRINKAGE = 10;

    private static final Set<String> KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("k");
        keys.add("shrinkage");
        keys.addAll(ModelHistories.WEIGHTING_KEYS);
        KEYS = Set.copyOf(keys);
    }

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
        for (int k : GRID_WEIGHTED_K) {
            for (EventWeighting w : ModelHistories.GRID_WEIGHTINGS) {
                grid.add(new ItemKnnConfig(k, GRID_WEIGHTED_SHRINKAGE, w));
            }
        }
        return List.copyOf(grid);
    }

    @Override
    public ItemKnnConfig configure(Map<String, String> overrides) {
        return ItemKnnConfig.from(Params.of(name(), overrides, ItemKnnConfig.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, ItemKnnConfig config, Progress progress) {
        return ItemKnn.fit(BinaryMatrix.of(train), config, progress);
    }

    @Override
    public Optional<ModelReader> reader() {
        return Optional.of(ItemKnn::readPayload);
    }
}
