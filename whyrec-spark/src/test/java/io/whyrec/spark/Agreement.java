package io.whyrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseIalsBlend;
import io.whyrec.core.model.Ials;
import io.whyrec.core.model.ItemKnn;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.Models;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.protocol.RankingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks a Spark run against the single-machine path on the same data: every user's interest profile (whyrec-core's
 * profiler on the whole dataset), each model's top-K and its exact per-event contributions (the model fitted by
 * whyrec-core's own {@code fit}), the model files read back, and the metrics of whyrec-eval's given-split
 * protocol, each to 1e-9 relative. It also counts how many values are bit-for-bit equal, for the report.
 */
final class Agreement {

    /** The relative tolerance of the acceptance line. */
    static final double TOLERANCE = 1e-9;

    private Agreement() {
    }

    /** What was compared, for the test's report line. */
    record Counts(int profileUsers, long profileValues, long profileExact, int rankedUsers, long contributionValues,
                  long contributionExact, Map<String, Map<String, Double>> metrics) {

        String line() {
            return String.format(Locale.ROOT, "profiles: %d users, %d values (%d bit-identical); recommendations: "
                    + "%d user lists, %d contributions (%d bit-identical); metrics %s", profileUsers, profileValues,
                    profileExact, rankedUsers, contributionValues, contributionExact, metrics);
        }
    }

    static Counts check(SparkSession spark, Dataset train, Dataset test, SparkPipeline.Options options,
                        SparkPipeline.Result result) throws IOException {
        long[] profile = checkProfiles(spark, train, options, result.out().resolve("profiles"));
        int users = 0;
        long values = 0;
        long exact = 0;
        Map<String, Map<String, Double>> metrics = new java.util.LinkedHashMap<>();
        RankingResult baseline = null;
        for (String name : options.models()) {
            // iALS: MLlib trains it, so the reference is the driver's model, scored in this one process
            Recommender reference = switch (name) {
                case ItemKnn.NAME -> ItemKnn.fit(BinaryMatrix.of(train), options.itemKnn(), Progress.NONE);
                case Ials.NAME -> result.models().get(name).model();
                // the blend: its iALS part as MLlib trained it, its EASE part and the mix computed here
                case EaseIalsBlend.NAME -> new EaseIalsBlend(Ease.fit(BinaryMatrix.of(train), options.ease(),
                        Progress.NONE), ((EaseIalsBlend) result.models().get(name).model()).ials(), options.blend());
                default -> Ease.fit(BinaryMatrix.of(train), options.ease(), Progress.NONE);
            };
            SparkPipeline.ModelRun run = result.models().get(name);
            assertNotNull(run, "no run of " + name);
            assertEquals(reference.params(), run.model().params(), name + ": parameters");
            long[] c = checkRecommendations(spark, train, reference, options.k(),
                    result.out().resolve("recommendations").resolve(name), name);
            users = (int) c[0];
            values += c[1];
            exact += c[2];
            // the model file the job wrote ranks as the reference does
            Recommender loaded = Models.load(run.file());
            for (int u = 0; u < train.numUsers(); u += Math.max(1, train.numUsers() / 20)) {
                History h = ModelHistories.of(reference, train, u);
                assertEquals(reference.recommend(h, options.k(), i -> false),
                        loaded.recommend(h, options.k(), i -> false), name + " model file, user " + u);
            }
            if (test != null) {
                RankingResult expected = new GivenSplitProtocol(new Split(train, test, "given"), options.k())
                        .evaluate(reference, Progress.NONE);
                RankingResult actual = run.ranking();
                assertNotNull(actual, name + ": no evaluation");
                assertEquals(expected.numUsers(), actual.numUsers(), name + ": evaluated users");
                for (int p = 0; p < expected.numUsers(); p++) {
                    assertEquals(expected.users()[p], actual.users()[p], name + ": evaluated user " + p);
                    assertEquals(java.util.Arrays.toString(expected.ranking(p)), java.util.Arrays.toString(actual.ranking(p)),
                            name + ": evaluated ranking of user " + expected.users()[p]);
                }
                Map<String, Double> e = expected.summary();
                Map<String, Double> a = actual.summary();
                assertEquals(e.keySet(), a.keySet(), name + ": metric names");
                for (String m : e.keySet()) {
                    close(e.get(m), a.get(m), name + " " + m);
                }
                // the job's bootstrap intervals, in metrics.json, are whyrec evaluate's over the same users
                com.fasterxml.jackson.databind.JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(result.out().resolve("metrics.json").toFile()).path("models").path(name);
                io.whyrec.eval.protocol.Bootstrap bootstrap =
                        new io.whyrec.eval.protocol.Bootstrap(SparkPipeline.BOOTSTRAP_SEED);
                for (String m : expected.perUserMetrics()) {
                    io.whyrec.eval.protocol.Interval ci = bootstrap.mean(expected.values(m));
                    com.fasterxml.jackson.databind.JsonNode got = written.path("intervals95").path(m);
                    assertEquals(2, got.size(), name + " " + m + ": interval in metrics.json");
                    close(ci.lo(), got.get(0).asDouble(), name + " " + m + " interval low");
                    close(ci.hi(), got.get(1).asDouble(), name + " " + m + " interval high");
                    assertTrue(ci.lo() <= a.get(m) && a.get(m) <= ci.hi(),
                            name + " " + m + " mean inside its interval");
                    if (baseline != null) {
                        io.whyrec.eval.protocol.Interval d = bootstrap.pairedDifference(expected.values(m),
                                baseline.values(m));
                        com.fasterxml.jackson.databind.JsonNode paired =
                                written.path("pairedDifference").path(m).path("interval95");
                        assertEquals(2, paired.size(), name + " " + m + ": paired interval in metrics.json");
                        close(d.lo(), paired.get(0).asDouble(), name + " " + m + " paired interval low");
                        close(d.hi(), paired.get(1).asDouble(), name + " " + m + " paired interval high");
                    }
                }
                if (baseline == null) {
                    baseline = expected;
                }
                metrics.put(name, a);
            }
        }
        return new Counts((int) profile[0], profile[1], profile[2], users, values, exact, metrics);
    }

    private static long[] checkProfiles(SparkSession spark, Dataset train, SparkPipeline.Options options, Path dir) {
        Map<Integer, List<Row>> byUser = new HashMap<>();
        for (Row r : spark.read().parquet(dir.toString()).collectAsList()) {
            byUser.computeIfAbsent(r.getInt(r.fieldIndex("user_index")), k -> new ArrayList<>()).add(r);
        }
        InterestProfiler profiler = new InterestProfiler(train.catalog());
        long values = 0;
        long exact = 0;
        int users = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.userSize(u) == 0) {
                continue;
            }
            InterestProfile expected = profiler.profile(train, u, options.weighting());
            List<Row> rows = byUser.getOrDefault(u, List.of());
            assertEquals(expected.facets().size(), rows.size(), "user " + u + ": facets in the profile");
            Map<String, Row> byFacet = new HashMap<>();
            for (Row r : rows) {
                byFacet.put(r.getString(r.fieldIndex("facet")), r);
            }
            users++;
            for (InterestProfile.FacetInterest f : expected.facets()) {
                Row r = byFacet.get(f.name());
                assertNotNull(r, "user " + u + ": no row for facet " + f.name());
                assertEquals(train.users().id(u), r.getString(r.fieldIndex("user")));
                assertEquals(expected.numEvents(), r.getInt(r.fieldIndex("num_events")), "user " + u + ": events");
                double[][] pairs = {
                    {expected.activity(), r.getDouble(r.fieldIndex("activity"))},
                    {expected.unassignedWeight(), r.getDouble(r.fieldIndex("unassigned_weight"))},
                    {f.weight(), r.getDouble(r.fieldIndex("interest"))},
                    {f.share(), r.getDouble(r.fieldIndex("share"))}};
                for (double[] p : pairs) {
                    close(p[0], p[1], "user " + u + " facet " + f.name());
                    values++;
                    exact += Double.compare(p[0], p[1]) == 0 ? 1 : 0;
                }
                for (String column : List.of("evidence", "against")) {
                    List<InterestProfile.Evidence> wanted = column.equals("evidence") ? f.evidence() : f.against();
                    List<Row> evidence = r.getList(r.fieldIndex(column));
                    String where = "user " + u + " facet " + f.name() + " " + column;
                    assertEquals(wanted.size(), evidence.size(), where);
                    for (int e = 0; e < evidence.size(); e++) {
                        InterestProfile.Evidence ev = wanted.get(e);
                        Row er = evidence.get(e);
                        assertEquals(ev.position(), er.getInt(0), where + " " + e);
                        assertEquals(train.items().id(ev.item()), er.getString(1), where + " " + e);
                        close(ev.weight(), er.getDouble(2), where + " " + e + ": weight");
                        close(ev.contribution(), er.getDouble(3), where + " " + e + ": contribution");
                        values += 2;
                        exact += (Double.compare(ev.weight(), er.getDouble(2)) == 0 ? 1 : 0)
                                + (Double.compare(ev.contribution(), er.getDouble(3)) == 0 ? 1 : 0);
                    }
                }
            }
        }
        assertTrue(users > 0, "no user had a profile");
        return new long[]{users, values, exact};
    }

    private static long[] checkRecommendations(SparkSession spark, Dataset train, Recommender reference, int k,
                                               Path dir, String name) {
        Map<Integer, Row[]> byUser = new HashMap<>();
        for (Row r : spark.read().parquet(dir.toString()).collectAsList()) {
            Row[] list = byUser.computeIfAbsent(r.getInt(r.fieldIndex("user_index")), x -> new Row[k]);
            list[r.getInt(r.fieldIndex("rank")) - 1] = r;
        }
        BitSet candidates = train.itemsWithEvents();
        AdditiveScorer additive = (AdditiveScorer) reference;
        int users = 0;
        long values = 0;
        long exact = 0;
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.userSize(u) == 0) {
                continue;
            }
            History h = ModelHistories.of(reference, train, u);
            BitSet seen = train.itemSetOf(u);
            List<ScoredItem> top = reference.recommend(h, k, i -> !candidates.get(i) || seen.get(i));
            Row[] rows = byUser.get(u);
            assertNotNull(rows, name + ": no recommendations for user " + u);
            users++;
            for (int p = 0; p < top.size(); p++) {
                Row r = rows[p];
                assertNotNull(r, name + ": user " + u + " has no rank " + (p + 1));
                String where = name + ": user " + u + " rank " + (p + 1);
                assertEquals(top.get(p).item(), r.getInt(r.fieldIndex("item_index")), where + ": item");
                close(top.get(p).score(), r.getDouble(r.fieldIndex("score")), where + ": score");
                double[] c = additive.contributions(h, top.get(p).item());
                List<Row> events = r.getList(r.fieldIndex("contributions"));
                assertEquals(c.length, events.size(), where + ": contributions");
                double sum = 0;
                for (int t = 0; t < c.length; t++) {
                    Row e = events.get(t);
                    assertEquals(train.items().id(h.event(t).item()), e.getString(1), where + " event " + t);
                    close(h.event(t).weight(), e.getDouble(2), where + " event " + t + ": weight");
                    close(c[t], e.getDouble(3), where + " event " + t + ": contribution");
                    sum += e.getDouble(3);
                    values++;
                    exact += Double.compare(c[t], e.getDouble(3)) == 0 ? 1 : 0;
                }
                // exact explanations: the contributions add up to the score
                assertEquals(top.get(p).score(), sum, 1e-6 * Math.max(1, Math.abs(sum)), where + ": sum");
            }
        }
        return new long[]{users, values, exact};
    }

    private static void close(double expected, double actual, String what) {
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * scale,
                what + ": expected " + expected + ", Spark gave " + actual);
    }
}
