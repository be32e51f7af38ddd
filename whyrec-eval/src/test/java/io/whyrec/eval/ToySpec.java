package io.whyrec.eval;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.ModelSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test model whose quality depends on its parameter: direction +1 ranks by training popularity, -1 by
 * reverse popularity, 0 gives every item the same score. It refuses to be fitted on a dataset containing any
 * forbidden (test) event, and records the size of every dataset it was fitted on.
 */
public final class ToySpec implements ModelSpec<ToySpec.Config> {

    /**
     * The toy configuration.
     *
     * @param label     a name reported in the params
     * @param direction +1 popularity, -1 reverse popularity, 0 constant
     */
    public record Config(String label, int direction) {
    }

    private final String name;
    private final List<Config> grid;
    private final Set<String> forbidden;
    private final List<Integer> fittedSizes = new ArrayList<>();

    /**
     * A toy spec.
     *
     * @param name      model name
     * @param grid      tuning grid; the first element is the default
     * @param forbidden test events as "user/item/timestamp" keys the spec must never see
     */
    public ToySpec(String name, List<Config> grid, Set<String> forbidden) {
        this.name = name;
        this.grid = List.copyOf(grid);
        this.forbidden = new HashSet<>(forbidden);
    }

    /** Keys "user/item/timestamp" of every event of a dataset. */
    public static Set<String> keys(Dataset d) {
        Set<String> out = new HashSet<>();
        for (int u = 0; u < d.numUsers(); u++) {
            for (int e = d.userStart(u); e < d.userEnd(u); e++) {
                out.add(u + "/" + d.item(e) + "/" + d.timestamp(e));
            }
        }
        return out;
    }

    /** Sizes of the datasets this spec was fitted on, in order. */
    public synchronized List<Integer> fittedSizes() {
        return List.copyOf(fittedSizes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Config defaults() {
        return grid.get(0);
    }

    @Override
    public List<Config> tuningGrid() {
        return grid;
    }

    @Override
    public Config configure(Map<String, String> overrides) {
        return new Config(overrides.getOrDefault("label", "cli"),
                Integer.parseInt(overrides.getOrDefault("direction", "1")));
    }

    @Override
    public Recommender fit(Dataset train, Config config, Progress progress) {
        for (String key : keys(train)) {
            if (forbidden.contains(key)) {
                throw new AssertionError(name + " was fitted on test event " + key);
            }
        }
        synchronized (this) {
            fittedSizes.add(train.numEvents());
        }
        int[] counts = train.itemCounts();
        double[] scores = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            scores[i] = config.direction() * counts[i];
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("label", config.label());
        params.put("direction", config.direction());
        return new Recommender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> params() {
                return params;
            }

            @Override
            public int numItems() {
                return scores.length;
            }

            @Override
            public void score(History history, double[] out) {
                System.arraycopy(scores, 0, out, 0, scores.length);
            }
        };
    }
}
