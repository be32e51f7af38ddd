package io.whyrec.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * EASE accuracy on real data with the given-split protocol (every interaction a positive; rank all items seen
 * in train; exclude the user's train items; Recall@K = hits / min(K, |test|); NDCG@K with the ideal DCG over
 * min(K, |test|) positions). Reference figures from a numpy implementation of the same closed form: ml-100k
 * ua.base/ua.test NDCG@10 = 0.3177 at lambda 400; CoLaKG ML-1M NDCG@10 = 0.4297 at lambda 800.
 */
class EaseIT {

    private static Path shared() {
        String dir = System.getProperty("whyrec.shared.data", "../shared/data");
        Path path = Path.of(dir);
        Assumptions.assumeTrue(Files.isDirectory(path), "skipped: ../shared/data not found");
        return path;
    }

    /** Recall@K and NDCG@K averaged over users, computed locally (the eval module is separate). */
    private static double[] evaluate(Ease ease, BinaryMatrix train, Map<Integer, Set<Integer>> test, int k) {
        double recall = 0;
        double ndcg = 0;
        int users = 0;
        for (Map.Entry<Integer, Set<Integer>> entry : test.entrySet()) {
            int u = entry.getKey();
            Set<Integer> relevant = entry.getValue();
            List<WeightedEvent> events = new ArrayList<>();
            for (int i : train.row(u)) {
                events.add(WeightedEvent.unit(i, 0));
            }
            History h = new History(u, events);
            List<ScoredItem> top = ease.recommend(h, k, Seen.itemsOf(h));
            int hits = 0;
            double dcg = 0;
            for (int r = 0; r < top.size(); r++) {
                if (relevant.contains(top.get(r).item())) {
                    hits++;
                    dcg += 1.0 / (Math.log(r + 2) / Math.log(2));
                }
            }
            int ideal = Math.min(k, relevant.size());
            double idcg = 0;
            for (int r = 0; r < ideal; r++) {
                idcg += 1.0 / (Math.log(r + 2) / Math.log(2));
            }
            recall += (double) hits / ideal;
            ndcg += dcg / idcg;
            users++;
        }
        return new double[] {recall / users, ndcg / users};
    }

    @Test
    void ml100kGivenSplitReachesTheReferenceNdcg() throws IOException {
        Path dir = shared().resolve("ml-100k");
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> items = new LinkedHashMap<>();
        List<List<Integer>> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("ua.base"));
        for (String line : lines) {
            String[] f = line.split("\t");
            int u = users.computeIfAbsent(f[0], x -> users.size());
            int i = items.computeIfAbsent(f[1], x -> items.size());
            while (rows.size() <= u) {
                rows.add(new ArrayList<>());
            }
            rows.get(u).add(i);
        }
        int[][] userItems = rows.stream().map(r -> r.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        BinaryMatrix train = BinaryMatrix.of(items.size(), userItems);
        Map<Integer, Set<Integer>> test = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("ua.test"))) {
            String[] f = line.split("\t");
            Integer u = users.get(f[0]);
            Integer i = items.get(f[1]);
            if (u != null && i != null) {
                test.computeIfAbsent(u, x -> new HashSet<>()).add(i);
            }
        }
        Ease ease = Ease.fit(train, new EaseConfig(400), Progress.NONE);
        double[] m = evaluate(ease, train, test, 10);
        System.out.printf("EASE ml-100k ua lambda=400: %d users, %d items, Recall@10 %.4f, NDCG@10 %.4f%n",
                test.size(), items.size(), m[0], m[1]);
        assertTrue(m[1] >= 0.305, "NDCG@10 " + m[1] + " < 0.305 (numpy reference 0.3177)");
        assertTrue(m[0] >= 0.26, "Recall@10 " + m[0] + " < 0.26");
    }

    @Test
    void colakgMl1mReachesTheReferenceNdcg() throws IOException {
        Path dir = shared().resolve("ml-1m-colakg-implicit");
        BinaryMatrix train = BinaryMatrix.readUserItems(dir.resolve("train.txt"));
        Map<Integer, Set<Integer>> test = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("test.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            Set<Integer> set = new HashSet<>();
            for (int t = 1; t < f.length; t++) {
                int i = Integer.parseInt(f[t]);
                if (i < train.numItems()) {
                    set.add(i);
                }
            }
            if (!set.isEmpty()) {
                test.put(Integer.parseInt(f[0]), set);
            }
        }
        Ease ease = Ease.fit(train, new EaseConfig(800), Progress.NONE);
        double[] m = evaluate(ease, train, test, 10);
        System.out.printf("EASE CoLaKG ml-1m lambda=800: %d users, Recall@10 %.4f, NDCG@10 %.4f%n",
                test.size(), m[0], m[1]);
        assertTrue(m[1] >= 0.42, "NDCG@10 " + m[1] + " < 0.42 (numpy reference 0.4297)");
    }
}
