package io.whyrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.core.data.Split;
import io.whyrec.core.privacy.PrivateCounts;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The accuracy cost of differential privacy on the popularity list: NDCG@10 on the ML-1M implicit given split
 * of popularity ranked by the exact event counts, by the per-user capped counts without noise, and by the
 * epsilon-differentially private release ({@link PrivateCounts}, cap 100, five noise seeds) for epsilon from 10
 * down to 0.01. Figures in docs/serving.md.
 */
class PrivatePopularityIT {

    private static final int CAP = PrivateCounts.DEFAULT_USER_CAP;

    @Test
    void ndcgOfThePrivatePopularityListFallsWithEpsilon() throws IOException {
        Path dir = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-1m-colakg-implicit");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("train.txt")), "skipped: ../shared/data not found");
        List<int[]> train = read(dir.resolve("train.txt"));
        List<int[]> test = read(dir.resolve("test.txt"));
        int users = 0;
        int items = 0;
        for (List<int[]> part : List.of(train, test)) {
            for (int[] row : part) {
                users = Math.max(users, row[0] + 1);
                for (int k = 1; k < row.length; k++) {
                    items = Math.max(items, row[k] + 1);
                }
            }
        }
        Split split = TestData.split(users, items, triples(train), triples(test));
        GivenSplitProtocol protocol = new GivenSplitProtocol(split, 10);
        // each user's distinct training items, most recent (last in the file) first
        List<int[]> perUser = new ArrayList<>();
        for (int[] row : train) {
            LinkedHashSet<Integer> distinct = new LinkedHashSet<>();
            for (int k = row.length - 1; k >= 1; k--) {
                distinct.add(row[k]);
            }
            perUser.add(distinct.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] exactCounts = split.train().itemCounts();
        double[] exact = new double[items];
        for (int i = 0; i < items; i++) {
            exact[i] = exactCounts[i];
        }
        double exactNdcg = ndcg(protocol, exact);
        double[] capped = new double[items];
        for (int[] its : perUser) {
            for (int k = 0; k < Math.min(CAP, its.length); k++) {
                capped[its[k]]++;
            }
        }
        double cappedNdcg = ndcg(protocol, capped);
        System.out.printf(Locale.ROOT, "ML-1M implicit popularity NDCG@10: exact counts %.4f, capped at %d items "
                + "per user %.4f%n", exactNdcg, CAP, cappedNdcg);
        double[] epsilons = {10, 1, 0.1, 0.01};
        double[] means = new double[epsilons.length];
        for (int e = 0; e < epsilons.length; e++) {
            PrivateCounts dp = new PrivateCounts(epsilons[e], CAP);
            double min = Double.MAX_VALUE;
            double max = 0;
            for (long seed = 1; seed <= 5; seed++) {
                double v = ndcg(protocol, dp.release(items, perUser, seed));
                means[e] += v / 5;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            System.out.printf(Locale.ROOT, "epsilon %-5s (noise scale %8.1f): NDCG@10 mean %.4f, range "
                    + "[%.4f, %.4f] over 5 seeds%n", epsilons[e], CAP / epsilons[e], means[e], min, max);
        }
        assertEquals(0.2003, exactNdcg, 0.002, "the numpy reference's popularity (ref_eval.py ml1m-colakg)");
        assertTrue(means[0] > 0.97 * cappedNdcg, "epsilon 10 keeps the capped list's accuracy");
        assertTrue(means[3] < 0.5 * cappedNdcg, "epsilon 0.01 (noise scale 10,000) drowns the counts");
        for (int e = 1; e < epsilons.length; e++) {
            assertTrue(means[e] <= means[e - 1] + 0.005, "accuracy falls (within noise) as epsilon falls");
        }
    }

    private static double ndcg(GivenSplitProtocol protocol, double[] scores) {
        return protocol.evaluate(TestData.fixed("pop", scores), Progress.NONE).mean("NDCG@10");
    }

    private static List<int[]> read(Path file) throws IOException {
        List<int[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            int[] row = new int[f.length];
            for (int k = 0; k < f.length; k++) {
                row[k] = Integer.parseInt(f[k]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static int[][] triples(List<int[]> rows) {
        List<int[]> out = new ArrayList<>();
        for (int[] row : rows) {
            for (int k = 1; k < row.length; k++) {
                out.add(new int[] {row[0], row[k], k});
            }
        }
        return out.toArray(new int[0][]);
    }
}
