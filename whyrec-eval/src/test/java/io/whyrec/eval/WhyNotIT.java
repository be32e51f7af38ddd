package io.whyrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.explain.whynot.Change;
import io.whyrec.explain.whynot.WhyNot;
import io.whyrec.explain.whynot.WhyNotAnswer;
import io.whyrec.explain.whynot.WhyNotConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The acceptance figure for "why not X?" on real data: MovieLens 100K ua.base, EASE with lambda 800 (what the
 * server's validation tuning chooses there; {@code WHYREC_WHYNOT_LAMBDA} for another), 1,000 (user, item) pairs drawn with seed 42 (user uniformly among users with a
 * training history, item uniformly among the items with at least one training event that are neither in the
 * user's history nor in the user's EASE top-10; pairs are distinct). Every pair is answered by {@link WhyNot}
 * with {@link WhyNotConfig#DEFAULT} (K = 10); every change it returns is re-checked here by an independent
 * re-ranking written without the production code (the changed history rebuilt from the listed positions, added
 * and dismissed items, the whole catalogue scored, the item's rank counted among the items outside the changed
 * history and the dismissed ones, ties by lower index as {@link Recommender#topK} breaks them). Asserts: the
 * independent rank equals the reported one (and is within the top-10 for every verified change, beyond it
 * otherwise), every verified change is one-minimal, and a verified change is found for at least 90% of the
 * pairs (the target). Prints one summary line per configuration: found share, change sizes, the share of
 * each kind of change, the original ranks and the latency of one answer; plus the found share by original-rank
 * stratum. {@code WHYREC_WHYNOT_CONFIGS="candidates,maxChange,maxRemove;..."} measures further bounds.
 */
class WhyNotIT {

    private static final int PAIRS = 1_000;
    private static final int K = 10;
    private static final long SEED = 42;

    private static Dataset ml100kUaTrain() {
        String dir = System.getProperty("whyrec.shared.data", "../shared/data");
        Path ml = Path.of(dir, "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("ua.base")) && Files.isRegularFile(ml.resolve("u.item")),
                "skipped: ../shared/data not found (needs ml-100k/ua.base and u.item; set -Dwhyrec.shared.data)");
        ImportRequest r = ImportRequest.of(ImportFormat.parse("ml100k"), ml.resolve("ua.base"))
                .withTest(ml.resolve("ua.test")).withItems(ml.resolve("u.item"));
        return Importer.importData(r).split().train();
    }

    /** One drawn pair with the item's original rank among the items outside the history. */
    private record Pair(int user, int item, int rank) {
    }

    /** Per-configuration results. */
    private record Outcome(String config, int pairs, int outside, int found, int[] sizes, int[] kinds,
                           int oneMinimal, double[] millis, int[] foundByStratum, int[] pairsByStratum,
                           int[] closestRanks, int atChangeCap, int atRemoveCap, int[] foundCounts,
                           int[] missedCounts, List<List<Integer>> sizesByStratum) {

        double share() {
            return (double) found / pairs;
        }
    }

    /** Strata of the original rank: 11-20, 21-50, 51-100, 101-200, 201-500, 501+. */
    private static final int[] STRATA = {20, 50, 100, 200, 500, Integer.MAX_VALUE};
    private static final String[] STRATA_NAMES = {"11-20", "21-50", "51-100", "101-200", "201-500", "501+"};

    private static int stratum(int rank) {
        int s = 0;
        while (rank > STRATA[s]) {
            s++;
        }
        return s;
    }

    @Test
    void verifiedWhyNotChangesForThousandPairs() {
        Dataset train = ml100kUaTrain();
        double lambda = Double.parseDouble(System.getenv().getOrDefault("WHYREC_WHYNOT_LAMBDA", "800"));
        Ease model = Ease.fit(BinaryMatrix.of(train), new EaseConfig(lambda), 2, Progress.NONE);
        int n = model.numItems();
        int[] counts = train.itemCounts();

        List<Integer> users = new ArrayList<>();
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.userSize(u) > 0) {
                users.add(u);
            }
        }
        History[] histories = new History[train.numUsers()];

        // ---- draw the pairs -------------------------------------------------------------------------------------
        Random random = new Random(SEED);
        List<Pair> pairs = new ArrayList<>();
        Set<Long> drawn = new HashSet<>();
        double[] scores = new double[n];
        while (pairs.size() < PAIRS) {
            int u = users.get(random.nextInt(users.size()));
            History h = histories[u] != null ? histories[u] : (histories[u] = ModelHistories.of(model, train, u));
            boolean[] seen = new boolean[n];
            for (int i : h.items()) {
                seen[i] = true;
            }
            model.score(h, scores);
            boolean[] top = new boolean[n];
            for (ScoredItem s : Recommender.topK(scores, K, j -> seen[j])) {
                top[s.item()] = true;
            }
            List<Integer> eligible = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (!seen[j] && !top[j] && counts[j] > 0) {
                    eligible.add(j);
                }
            }
            int item = eligible.get(random.nextInt(eligible.size()));
            if (drawn.add((long) u * n + item)) {
                pairs.add(new Pair(u, item, rank(scores, item, seen)));
            }
        }
        int[] originalRanks = pairs.stream().mapToInt(Pair::rank).sorted().toArray();

        Outcome standard = measure("default " + WhyNotConfig.DEFAULT, model, histories, pairs, WhyNotConfig.DEFAULT, counts);
        print(standard, originalRanks);
        for (String extra : System.getenv().getOrDefault("WHYREC_WHYNOT_CONFIGS", "").split(";")) {
            if (!extra.isBlank()) {
                String[] v = extra.split(",");
                WhyNotConfig c = new WhyNotConfig(K, Integer.parseInt(v[0].trim()), Integer.parseInt(v[1].trim()),
                        Integer.parseInt(v[2].trim()));
                print(measure("extra " + c, model, histories, pairs, c, counts), originalRanks);
            }
        }
        assertTrue(standard.share() >= 0.90, "verified changes for " + standard.found() + " of " + PAIRS + " pairs");
        assertEquals(standard.found(), standard.oneMinimal(), "verified changes that are one-minimal");
        int near = standard.foundByStratum()[0] + standard.foundByStratum()[1];
        assertEquals(standard.pairsByStratum()[0] + standard.pairsByStratum()[1], near, "pairs ranked 11-50 found");
    }

    private static Outcome measure(String name, Ease model, History[] histories, List<Pair> pairs,
                                   WhyNotConfig config, int[] itemCounts) {
        WhyNot whyNot = new WhyNot(model, config);
        int outside = 0;
        int found = 0;
        int[] kinds = new int[Change.Kind.values().length];
        List<List<Integer>> sizesBy = new ArrayList<>();
        for (int i = 0; i < STRATA.length; i++) {
            sizesBy.add(new ArrayList<>());
        }
        int oneMinimal = 0;
        List<Integer> sizes = new ArrayList<>();
        double[] millis = new double[pairs.size()];
        int[] foundBy = new int[STRATA.length];
        int[] pairsBy = new int[STRATA.length];
        List<Integer> closest = new ArrayList<>();
        int atChangeCap = 0;
        int atRemoveCap = 0;
        List<Integer> foundCounts = new ArrayList<>();
        List<Integer> missedCounts = new ArrayList<>();
        // warm-up on a few pairs so that the JIT does not dominate the first latencies
        for (int p = 0; p < Math.min(20, pairs.size()); p++) {
            whyNot.answer(histories[pairs.get(p).user()], pairs.get(p).item());
        }
        for (int p = 0; p < pairs.size(); p++) {
            Pair pair = pairs.get(p);
            History h = histories[pair.user()];
            long start = System.nanoTime();
            WhyNotAnswer a = whyNot.answer(h, pair.item());
            millis[p] = (System.nanoTime() - start) / 1e6;
            pairsBy[stratum(pair.rank())]++;
            assertEquals(pair.rank(), a.rank(), "original rank of " + pair);
            if (a.status() != WhyNotAnswer.Status.OUTSIDE_LIST) {
                continue;
            }
            outside++;
            Change c = a.change();
            if (!a.found()) {
                missedCounts.add(itemCounts[pair.item()]);
            }
            if (c == null) {
                continue;
            }
            int independent = rankAfter(model, h, c, pair.item());
            assertEquals(c.newRank(), independent, "independent re-ranking of " + c + " for " + pair);
            if (!a.found()) {
                assertTrue(independent > config.k(), "unverified " + c + " for " + pair + " is in the top-K");
                closest.add(independent);
                if (c.kind() != Change.Kind.REMOVE && c.size() == config.maxChange()) {
                    atChangeCap++;
                }
                if (c.kind() == Change.Kind.REMOVE && c.size() == config.maxRemove()) {
                    atRemoveCap++;
                }
                continue;
            }
            assertTrue(independent <= config.k(), "verified " + c + " for " + pair + " ranks " + independent);
            found++;
            foundCounts.add(itemCounts[pair.item()]);
            foundBy[stratum(pair.rank())]++;
            sizes.add(c.size());
            kinds[c.kind().ordinal()]++;
            sizesBy.get(stratum(pair.rank())).add(c.size());
            if (oneMinimal(model, h, c, pair.item(), config.k())) {
                oneMinimal++;
            }
        }
        return new Outcome(name, pairs.size(), outside, found, sizes.stream().mapToInt(Integer::intValue).sorted()
                .toArray(), kinds, oneMinimal, millis, foundBy, pairsBy, sorted(closest), atChangeCap, atRemoveCap,
                sorted(foundCounts), sorted(missedCounts), sizesBy);
    }

    private static void print(Outcome o, int[] originalRanks) {
        double[] ms = o.millis().clone();
        Arrays.sort(ms);
        int[] s = o.sizes();
        double mean = Arrays.stream(s).average().orElse(Double.NaN);
        int f = Math.max(1, o.found());
        System.out.printf(Locale.ROOT, "why-not ml-100k ua EASE K=%d [%s]: pairs %d, outside %d, found %.3f"
                        + " (%d), change size median %s mean %.2f p90 %s max %s, REMOVE %.3f ADD %.3f DISMISS %.3f MIXED %.3f,"
                        + " one-minimal %.3f,"
                        + " original rank median %d (p25 %d, p75 %d, p90 %d), latency median %.2f ms p99 %.2f ms%n",
                K, o.config(), o.pairs(), o.outside(), o.share(), o.found(),
                s.length == 0 ? "-" : String.valueOf(s[(s.length - 1) / 2]), mean,
                s.length == 0 ? "-" : String.valueOf(quantile(s, 0.9)), s.length == 0 ? "-" : String.valueOf(s[s.length - 1]),
                (double) o.kinds()[0] / f, (double) o.kinds()[1] / f, (double) o.kinds()[2] / f,
                (double) o.kinds()[3] / f, (double) o.oneMinimal() / f,
                quantile(originalRanks, 0.5), quantile(originalRanks, 0.25), quantile(originalRanks, 0.75),
                quantile(originalRanks, 0.9), quantile(ms, 0.5), quantile(ms, 0.99));
        StringBuilder strata = new StringBuilder("  found by original rank:");
        for (int i = 0; i < STRATA.length; i++) {
            strata.append(String.format(Locale.ROOT, " %s %d/%d (size median %s)", STRATA_NAMES[i],
                    o.foundByStratum()[i], o.pairsByStratum()[i], median(sorted(o.sizesByStratum().get(i)))));
        }
        System.out.println(strata);
        int[] cr = o.closestRanks();
        System.out.printf(Locale.ROOT, "  not found %d: closest attempt rank median %s (p10 %s), attempts at the change cap %d,"
                        + " at the remove cap %d; item train events median found %s, not found %s%n",
                o.pairs() - o.found(), median(cr), cr.length == 0 ? "-" : String.valueOf(quantile(cr, 0.1)),
                o.atChangeCap(), o.atRemoveCap(), median(o.foundCounts()), median(o.missedCounts()));
    }

    private static int[] sorted(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static String median(int[] sorted) {
        return sorted.length == 0 ? "-" : String.valueOf(quantile(sorted, 0.5));
    }

    private static int quantile(int[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
    }

    // ---- the independent re-ranking, written without the production code ---------------------------------------

    /** 1-based rank among items not excluded: strictly higher score, or equal score and lower index, is ahead. */
    private static int rank(double[] s, int item, boolean[] excluded) {
        int ahead = 0;
        for (int j = 0; j < s.length; j++) {
            if (j != item && !excluded[j] && (s[j] > s[item] || (s[j] == s[item] && j < item))) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    /**
     * The history without the removed positions and with the added items appended, each added event taking the
     * timestamp, frequency, heat, decay and weight of the history's latest event (unit weight at time 0 for an
     * empty history), as WhyNot documents.
     */
    private static History changed(History h, Set<Integer> removed, List<Integer> added, List<Integer> dismissed) {
        List<WeightedEvent> events = new ArrayList<>();
        for (int t = 0; t < h.size(); t++) {
            if (!removed.contains(t)) {
                events.add(h.event(t));
            }
        }
        for (int item : added) {
            events.add(appended(h, item, 1));
        }
        for (int item : dismissed) {
            events.add(appended(h, item, -1));
        }
        return new History(h.user(), events);
    }

    /** A new event timed and weighted like the history's latest one (unit at time 0 for none), signed. */
    private static WeightedEvent appended(History h, int item, int sign) {
        if (h.size() == 0) {
            return new WeightedEvent(item, 0, 1, 1, 1, sign);
        }
        WeightedEvent last = h.event(h.size() - 1);
        return new WeightedEvent(item, last.timestamp(), last.frequency(), last.heat(), last.decay(),
                sign * Math.abs(last.weight()));
    }

    /**
     * The item's rank after a change: the changed history's items do not compete (after a removal the removed
     * events' items compete again, as they do when a user deletes those events; added items are seen).
     */
    private static int rankAfter(Ease model, History original, Set<Integer> removed, List<Integer> added,
                                 List<Integer> dismissed, int item) {
        double[] s = new double[model.numItems()];
        History changed = changed(original, removed, added, dismissed);
        model.score(changed, s);
        boolean[] excluded = new boolean[s.length];
        for (int t = 0; t < changed.size(); t++) {
            excluded[changed.event(t).item()] = true;
        }
        return rank(s, item, excluded);
    }

    private static int rankAfter(Ease model, History original, Change c, int item) {
        for (int i = 0; i < c.removedPositions().size(); i++) {
            assertEquals(original.event(c.removedPositions().get(i)).item(), (int) c.removedItems().get(i),
                    "removed item does not match its position in " + c);
        }
        return rankAfter(model, original, new HashSet<>(c.removedPositions()), c.addedItems(), c.dismissedItems(),
                item);
    }

    /** True when undoing any single element of the change takes the item out of the top-K again. */
    private static boolean oneMinimal(Ease model, History h, Change c, int item, int k) {
        for (int i = 0; i < c.size(); i++) {
            Set<Integer> removed = new HashSet<>(c.removedPositions());
            List<Integer> added = new ArrayList<>(c.addedItems());
            List<Integer> dismissed = new ArrayList<>(c.dismissedItems());
            int r = c.removedPositions().size();
            int a = c.addedItems().size();
            if (i < r) {
                removed.remove(c.removedPositions().get(i));
            } else if (i < r + a) {
                added.remove(i - r);
            } else {
                dismissed.remove(i - r - a);
            }
            if (rankAfter(model, h, removed, added, dismissed, item) <= k) {
                return false;
            }
        }
        return true;
    }
}
