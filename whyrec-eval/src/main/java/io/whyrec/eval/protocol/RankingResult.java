package io.whyrec.eval.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of evaluating one model with one protocol: per-user values of every per-user metric (arrays
 * aligned with {@link #users()}), the values of the list metrics, and each user's top-K list.
 */
public final class RankingResult {

    private final int k;
    private final int[] users;
    private final Map<String, double[]> perUser;
    private final Map<String, Double> listValues;
    private final int[][] rankings;

    /**
     * Builds a result; arrays are copied.
     *
     * @param k          the cut-off
     * @param users      evaluated users, in protocol order
     * @param perUser    per-user metric name to values aligned with {@code users}, in report order
     * @param listValues list metric name to value, in report order
     * @param rankings   each user's top-K items, aligned with {@code users}
     */
    public RankingResult(int k, int[] users, Map<String, double[]> perUser, Map<String, Double> listValues,
                         int[][] rankings) {
        this.k = k;
        this.users = users.clone();
        this.perUser = new LinkedHashMap<>();
        perUser.forEach((name, values) -> {
            if (values.length != users.length) {
                throw new IllegalArgumentException("metric " + name + " has " + values.length + " values for "
                        + users.length + " users");
            }
            this.perUser.put(name, values.clone());
        });
        this.listValues = new LinkedHashMap<>(listValues);
        if (rankings.length != users.length) {
            throw new IllegalArgumentException(rankings.length + " rankings for " + users.length + " users");
        }
        this.rankings = new int[rankings.length][];
        for (int i = 0; i < rankings.length; i++) {
            this.rankings[i] = rankings[i].clone();
        }
    }

    /** The cut-off K. */
    public int k() {
        return k;
    }

    /** The evaluated users (a copy). */
    public int[] users() {
        return users.clone();
    }

    /** Number of evaluated users. */
    public int numUsers() {
        return users.length;
    }

    /** Names of the per-user metrics, in report order. */
    public List<String> perUserMetrics() {
        return List.copyOf(perUser.keySet());
    }

    /** Per-user values of one metric, aligned with {@link #users()} (a copy). */
    public double[] values(String metric) {
        double[] v = perUser.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no per-user metric '" + metric + "'; have " + perUser.keySet());
        }
        return v.clone();
    }

    /** The mean over users of a per-user metric, or the value of a list metric; NaN when no user was evaluated. */
    public double mean(String metric) {
        Double list = listValues.get(metric);
        if (list != null) {
            return list;
        }
        double[] v = perUser.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + metric + "'; have " + perUser.keySet() + " and "
                    + listValues.keySet());
        }
        return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
    }

    /** Every metric's summary value: per-user means first, then list metrics, in report order. */
    public Map<String, Double> summary() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : perUser.keySet()) {
            out.put(name, mean(name));
        }
        out.putAll(listValues);
        return out;
    }

    /** The top-K list of the user at a position of {@link #users()} (a copy). */
    public int[] ranking(int position) {
        return rankings[position].clone();
    }
}
