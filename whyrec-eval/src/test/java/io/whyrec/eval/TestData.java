package io.whyrec.eval;

import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny hand-made datasets and trivial recommenders for the evaluation tests. */
public final class TestData {

    private TestData() {
    }

    /**
     * A dataset over users u0.. and items i0.. from {user, item, timestamp} triples.
     */
    public static Dataset dataset(int numUsers, int numItems, int[][] events) {
        List<String> users = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) {
            users.add("u" + u);
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < numItems; i++) {
            items.add("i" + i);
        }
        int n = events.length;
        int[] user = new int[n];
        int[] item = new int[n];
        long[] time = new long[n];
        float[] value = new float[n];
        short[] type = new short[n];
        for (int e = 0; e < n; e++) {
            user[e] = events[e][0];
            item[e] = events[e][1];
            time[e] = events[e][2];
            value[e] = 1f;
        }
        return Dataset.fromColumns(IdIndex.of(users), ItemCatalog.of(IdIndex.of(items), Map.of()),
                List.of("view"), user, item, time, value, type);
    }

    /** A split from train and test triples over the same indices. */
    public static Split split(int numUsers, int numItems, int[][] train, int[][] test) {
        return new Split(dataset(numUsers, numItems, train), dataset(numUsers, numItems, test), "hand-made");
    }

    /**
     * A seeded synthetic log where item i is chosen with probability proportional to 1 / (i + 1), so
     * popularity is predictive; the ranks are shuffled over the item indices (seeded) so that the index order,
     * which breaks score ties, says nothing about popularity. Every event has a distinct timestamp.
     */
    public static Dataset zipf(int numUsers, int numItems, int eventsPerUser, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] cdf = new double[numItems];
        double total = 0;
        for (int i = 0; i < numItems; i++) {
            total += 1.0 / (i + 1);
            cdf[i] = total;
        }
        int[] perm = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            perm[i] = i;
        }
        for (int i = numItems - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        List<int[]> events = new ArrayList<>();
        int t = 0;
        for (int u = 0; u < numUsers; u++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            while (seen.size() < eventsPerUser) {
                double x = random.nextDouble() * total;
                int i = 0;
                while (cdf[i] < x) {
                    i++;
                }
                if (seen.add(i)) {
                    events.add(new int[] {u, perm[i], ++t});
                }
            }
        }
        return dataset(numUsers, numItems, events.toArray(new int[0][]));
    }

    /** A recommender that gives every user the same fixed score vector, whatever the history. */
    public static Recommender fixed(String name, double... scores) {
        return new Recommender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> params() {
                return Map.of();
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

    /** Popularity: the score of an item is its number of training events. */
    public static Recommender popularity(Dataset train) {
        int[] counts = train.itemCounts();
        double[] scores = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            scores[i] = counts[i];
        }
        return fixed("pop", scores);
    }
}
