package io.whyrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.protocol.LeaveOneOutProtocol;
import io.whyrec.eval.protocol.RankingResult;
import io.whyrec.eval.report.EvaluationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the given-split protocol against the independent numpy implementation
 * {@code shared/tools/ref_eval.py ml100k-ua}, which prints for popularity on MovieLens 100K ua.base/ua.test:
 * {@code Pop R@10 0.1214 NDCG@10 0.1330 HR@10 0.7306 (n=943)} over 1680 training items and 9428 relevant test
 * items; and the leave-one-out protocol against {@code shared/tools/ref_loo.py Beauty}, which prints for
 * popularity on Amazon Beauty {@code valid Pop HR@10 0.0169 NDCG@10 0.0082} and {@code test Pop ... NDCG@10
 * 0.0063}. The reference counts an item ahead of the target only when its score is strictly higher (ties in the
 * target's favour); whyrec's ranking breaks equal scores by item index, so the figures may differ by the ties.
 */
class PopularityReferenceIT {

    private static Path dataDir() {
        String dir = System.getProperty("whyrec.shared.data", "../shared/data");
        Path ml = Path.of(dir, "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("ua.base")), "skipped: ../shared/data not found");
        return ml;
    }

    /** Reads "user \t item \t rating \t timestamp" rows as int[]{user, item, timestamp}. */
    private static List<long[]> read(Path file) throws IOException {
        List<long[]> rows = new ArrayList<>();
        int line = 0;
        for (String s : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            line++;
            if (s.isBlank()) {
                continue;
            }
            String[] f = s.split("\t");
            if (f.length != 4) {
                throw new IllegalArgumentException(file + ":" + line + ": expected 4 tab-separated fields, got "
                        + f.length);
            }
            rows.add(new long[] {Long.parseLong(f[0].trim()), Long.parseLong(f[1].trim()),
                Long.parseLong(f[3].trim())});
        }
        return rows;
    }

    /** Dense ids in ascending numeric order of the raw ids, as the reference script indexes them. */
    private static Split load(Path ml) throws IOException {
        List<long[]> train = read(ml.resolve("ua.base"));
        List<long[]> test = read(ml.resolve("ua.test"));
        TreeSet<Long> users = new TreeSet<>();
        TreeSet<Long> items = new TreeSet<>();
        for (List<long[]> part : List.of(train, test)) {
            for (long[] r : part) {
                users.add(r[0]);
                items.add(r[1]);
            }
        }
        List<String> userIds = users.stream().map(String::valueOf).toList();
        List<String> itemIds = items.stream().map(String::valueOf).toList();
        IdIndex userIndex = IdIndex.of(userIds);
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(itemIds), Map.of());
        return new Split(toDataset(train, userIndex, catalog), toDataset(test, userIndex, catalog), "ml-100k ua");
    }

    private static Dataset toDataset(List<long[]> rows, IdIndex users, ItemCatalog catalog) {
        int n = rows.size();
        int[] u = new int[n];
        int[] i = new int[n];
        long[] t = new long[n];
        float[] v = new float[n];
        for (int e = 0; e < n; e++) {
            u[e] = users.require(String.valueOf(rows.get(e)[0]), "user");
            i[e] = catalog.items().require(String.valueOf(rows.get(e)[1]), "item");
            t[e] = rows.get(e)[2];
            v[e] = 1f;
        }
        return Dataset.fromColumns(users, catalog, List.of("rating"), u, i, t, v, new short[n]);
    }

    @Test
    void popularityMatchesTheNumpyReference() throws IOException {
        Split split = load(dataDir());
        GivenSplitProtocol protocol = new GivenSplitProtocol(split, 10);
        assertEquals(943, protocol.users().length);
        assertEquals(1680, protocol.numCandidates());
        int relevant = 0;
        for (int p = 0; p < protocol.users().length; p++) {
            relevant += protocol.relevant(p).size();
        }
        assertEquals(9428, relevant);

        RankingResult pop = protocol.evaluate(TestData.popularity(split.train()), Progress.NONE);
        System.out.printf("pop on ml-100k ua: %s%n", pop.summary());
        assertEquals(0.1330, pop.mean("NDCG@10"), 0.002);
        assertEquals(0.1214, pop.mean("Recall@10"), 0.002);
        assertEquals(0.7306, pop.mean("HR@10"), 0.005);
    }

    @Test
    void evaluatorReportsPopularityWithIntervals() throws IOException {
        Split split = load(dataDir());
        ModelSpec<String> popSpec = new ModelSpec<>() {
            public String name() {
                return "pop";
            }

            public String defaults() {
                return "";
            }

            public List<String> tuningGrid() {
                return List.of("");
            }

            public String configure(Map<String, String> overrides) {
                return "";
            }

            public Recommender fit(Dataset train, String config, Progress progress) {
                return TestData.popularity(train);
            }
        };
        ModelSpec<String> random = new ModelSpec<>() {
            public String name() {
                return "index-order";
            }

            public String defaults() {
                return "";
            }

            public List<String> tuningGrid() {
                return List.of("");
            }

            public String configure(Map<String, String> overrides) {
                return "";
            }

            public Recommender fit(Dataset train, String config, Progress progress) {
                return TestData.fixed("index-order", new double[train.numItems()]);
            }
        };
        EvaluationReport report = Evaluator.evaluate(split, List.of(random, popSpec), 10, 42, true, Progress.NONE);
        System.out.println(report.toText());
        double ndcg = report.result("pop").metrics().get("NDCG@10");
        assertEquals(0.1330, ndcg, 0.002);
        assertTrue(report.result("pop").ci95().get("NDCG@10").contains(ndcg));
        assertTrue(report.comparisons().stream().filter(c -> c.metric().equals("NDCG@10")).findFirst()
                .orElseThrow().ci95().lo() > 0, "pop must beat index order significantly");
        for (String line : report.toText().split("\n")) {
            assertTrue(line.length() <= 100, line);
        }
    }


    /** The S3-Rec Beauty sequences ("user item item ..." in time order; the position is the timestamp). */
    private static Dataset beauty() throws IOException {
        Path file = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "s3rec-sequential",
                "Beauty.txt");
        Assumptions.assumeTrue(Files.isRegularFile(file), "skipped: ../shared/data not found");
        List<long[]> rows = new ArrayList<>();
        TreeSet<Long> users = new TreeSet<>();
        TreeSet<Long> items = new TreeSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split(" ");
            if (f.length < 3) {
                continue;
            }
            long user = Long.parseLong(f[0]);
            users.add(user);
            for (int k = 1; k < f.length; k++) {
                long item = Long.parseLong(f[k]);
                items.add(item);
                rows.add(new long[] {user, item, k});
            }
        }
        IdIndex userIndex = IdIndex.of(users.stream().map(String::valueOf).toList());
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(items.stream().map(String::valueOf).toList()), Map.of());
        return toDataset(rows, userIndex, catalog);
    }

    @Test
    void leaveOneOutPopularityMatchesTheNumpyReferenceOnBeauty() throws IOException {
        Dataset data = beauty();
        LeaveOneOutProtocol protocol = new LeaveOneOutProtocol(data, 10);
        LeaveOneOutProtocol validation = protocol.validation(0);
        RankingResult test = protocol.evaluate(TestData.popularity(protocol.train()), Progress.NONE);
        RankingResult val = validation.evaluate(TestData.popularity(validation.train()), Progress.NONE);
        System.out.printf("pop on Beauty leave-one-out: test NDCG@10 %.4f (%d users, %d dropped), validation "
                + "%.4f (%d users)%n", test.mean("NDCG@10"), protocol.users().length, protocol.droppedUsers(),
                val.mean("NDCG@10"), validation.users().length);
        assertEquals(0.0063, test.mean("NDCG@10"), 0.002);
        assertEquals(0.0082, val.mean("NDCG@10"), 0.002);
        assertEquals(0.0169, val.mean("HR@10"), 0.002);
    }
}
