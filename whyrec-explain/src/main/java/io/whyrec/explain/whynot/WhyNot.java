package io.whyrec.explain.whynot;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.ScoringAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Answers "why is item X not in my top-K?" for one history: X's rank and its gap to the K-th item, the events
 * that hold X back, and the smallest change of the history found that would bring X into the top-K.
 *
 * <p>The events that hold X back are those with a negative contribution to X (exact for an
 * {@link AdditiveScorer}, leave-one-out {@code f(all) - f(all without t)} otherwise, which costs one scoring per
 * event); the answer also lists the events that lift the K-th item more than X.
 *
 * <p>Two searches propose a change, and every proposal is checked by re-ranking: the changed history is
 * scored in full and X is ranked as the user would then see it: after a removal, among the items outside the
 * reduced history and the caller's extra exclusions (the removed events' items become recommendable again, as
 * they do when a user deletes those events); after an addition, among the items outside the original exclusion
 * set and the added items (an added item is then seen).
 * <ol>
 *   <li>Remove. The events are ordered by {@link Blocker#margin()} against the K-th item, largest first (ties:
 *   the more negative contribution to X first, then position); only events with a positive margin or a negative
 *   contribution to X are tried, at most {@link WhyNotConfig#maxRemove()} of them. The shortest prefix of that
 *   order that brings X into the top-K is found by doubling (1, 2, 4, ...) then bisection, as
 *   {@link io.whyrec.explain.counterfactual.CounterfactualSearch} does, which costs O(log maxRemove)
 *   re-rankings.</li>
 *   <li>Add. New events are appended with the weight and timestamp of the history's latest event (weight 1 and
 *   time 0 for an empty history), as {@link io.whyrec.explain.counterfactual.AddEventSearch} does. The
 *   candidates are {@link WhyNotConfig#candidates()} items that are neither excluded nor X: for an additive model
 *   those whose one event raises X most relative to the K-th item (read from one contributions call over a probe
 *   history that holds one event per item), for other models the best-scored items. Greedy: each step adds the
 *   candidate that leaves X closest above (or least below) the K-th competitor, predicted from the current scores
 *   plus the candidate's own effect (exact for an additive model, measured at the original history otherwise),
 *   then re-ranks; it stops when X enters, after {@link WhyNotConfig#maxAdd()} events, or when no candidate
 *   improves the prediction.</li>
 * </ol>
 * A change that succeeds is pruned until no single event of it can be dropped: removed events are put back
 * (least margin first) and added ones taken away (latest first) whenever X stays in the top-K without them, in
 * passes repeated until one pass changes nothing; so the result is minimal in the sense that undoing any one
 * element of it takes X out of the top-K again.
 *
 * <p>Which change is returned: the verified one with fewer events; with equal sizes the removal, because it
 * explains the ranking by what the user really did rather than by items they have never touched. When neither
 * search succeeds the closest attempt (the lower new rank; ties the removal again) is returned unverified.
 *
 * <p>Cost: for an additive model one answer takes O(log maxRemove + |change| + maxAdd) full scorings plus
 * {@code candidates} one-event scorings and O(maxAdd * candidates * catalogue) arithmetic. Instances hold no
 * mutable state and may be shared between threads when the model may.
 */
public final class WhyNot {

    /**
     * The order in which events are tried for removal, also the order of {@link WhyNotAnswer#liftingKth()}: the
     * largest margin against the K-th item first, then the more negative contribution to X, then position.
     */
    private static final Comparator<Blocker> REMOVAL_ORDER = Comparator.comparingDouble((Blocker b) -> -b.margin())
            .thenComparingDouble(Blocker::contribution).thenComparingInt(Blocker::position);

    private final ItemScorer model;
    private final AdditiveScorer additive;
    private final WhyNotConfig config;
    private final long[] tieBreak;

    /**
     * @param model  the model whose list is questioned; additive models get exact contributions and the cheap
     *               candidate choice
     * @param config list length and search bounds
     */
    public WhyNot(ItemScorer model, WhyNotConfig config) {
        this(model, config, null);
    }

    /**
     * A why-not search whose ranks break equal scores as the caller's lists do.
     *
     * @param model    the model whose list is questioned
     * @param config   list length and search bounds
     * @param tieBreak one value per item ordering equal scores, larger first (the server passes popularity), as
     *                 {@link Recommender#topK(double[], int, java.util.function.IntPredicate, long[])}; null for
     *                 ties by item index
     */
    public WhyNot(ItemScorer model, WhyNotConfig config, long[] tieBreak) {
        this.model = Objects.requireNonNull(model, "model");
        this.additive = model instanceof AdditiveScorer a ? a : null;
        this.config = Objects.requireNonNull(config, "config");
        if (tieBreak != null && tieBreak.length != model.numItems()) {
            throw new IllegalArgumentException(tieBreak.length + " tie-break values for " + model.numItems()
                    + " items");
        }
        this.tieBreak = tieBreak;
    }

    /** The settings. */
    public WhyNotConfig config() {
        return config;
    }

    /** Answers for an item with the history's own items as the only exclusions. */
    public WhyNotAnswer answer(History history, int item) {
        return answer(history, item, null);
    }

    /**
     * Answers why an item is not in the top-K.
     *
     * @param history the user's history
     * @param item    the asked item
     * @param exclude extra items kept out of the list besides the history's items (muted tags, say); may be null
     * @throws IllegalArgumentException when the item is outside the catalogue
     */
    public WhyNotAnswer answer(History history, int item, IntPredicate exclude) {
        Objects.requireNonNull(history, "history");
        int n = model.numItems();
        if (item < 0 || item >= n) {
            throw new IllegalArgumentException("item " + item + " is outside the catalogue 0.." + (n - 1));
        }
        return new Run(history, item, exclude).answer();
    }

    /** The state of one answer: the history, the exclusion set and the original scores. */
    private final class Run {
        final History history;
        final int x;
        final int k = config.k();
        final int n = model.numItems();
        final boolean[] seen = new boolean[n];
        final boolean[] excluded = new boolean[n];
        final IntPredicate original = j -> excluded[j];
        final double[] scores = new double[n];
        final double[] buffer = new double[n];

        Run(History history, int x, IntPredicate extra) {
            this.history = history;
            this.x = x;
            for (int t = 0; t < history.size(); t++) {
                int i = history.event(t).item();
                if (i >= 0 && i < n) {
                    seen[i] = true;
                }
            }
            for (int j = 0; j < n; j++) {
                excluded[j] = seen[j] || (extra != null && extra.test(j));
            }
            model.score(history, scores);
        }

        WhyNotAnswer answer() {
            List<ScoredItem> top = Recommender.topK(scores, k, original, tieBreak);
            int kth = top.size() == k ? top.get(k - 1).item() : -1;
            double kthScore = kth < 0 ? Double.NaN : scores[kth];
            double score = scores[x];
            double gap = kthScore - score;
            if (excluded[x]) {
                WhyNotAnswer.Status status = seen[x] ? WhyNotAnswer.Status.SEEN : WhyNotAnswer.Status.EXCLUDED;
                return new WhyNotAnswer(x, status, k, -1, score, kth, kthScore, gap, List.of(), List.of(), null);
            }
            int rank = ScoringAdapter.rankOf(scores, x, original, tieBreak);
            if (rank <= k) {
                return new WhyNotAnswer(x, WhyNotAnswer.Status.IN_LIST, k, rank, score, kth, kthScore, gap, List.of(),
                        List.of(), null);
            }
            double[][] c = contributions(kth);
            List<Blocker> events = new ArrayList<>();
            for (int t = 0; t < history.size(); t++) {
                events.add(new Blocker(t, history.event(t).item(), c[0][t], c[1][t]));
            }
            List<Blocker> holding = events.stream().filter(b -> b.contribution() < 0)
                    .sorted(Comparator.comparingDouble(Blocker::contribution).thenComparingInt(Blocker::position))
                    .toList();
            List<Blocker> lifting = events.stream().filter(b -> b.margin() > 0).sorted(REMOVAL_ORDER).toList();
            Change removal = removeSearch(events);
            Change addition = addSearch(kth, rank);
            return new WhyNotAnswer(x, WhyNotAnswer.Status.OUTSIDE_LIST, k, rank, score, kth, kthScore, gap, holding,
                    lifting, choose(removal, addition));
        }

        /** Contributions of every event to X ({@code [0]}) and to the K-th item ({@code [1]}). */
        double[][] contributions(int kth) {
            int size = history.size();
            if (additive != null) {
                double[][] c = additive.contributions(history, new int[] {x, kth});
                if (c.length != 2 || c[0].length != size || c[1].length != size) {
                    throw new IllegalStateException("model returned contributions of the wrong shape for "
                            + size + " events");
                }
                return c;
            }
            double[][] c = new double[2][size];
            boolean[] keep = new boolean[size];
            Arrays.fill(keep, true);
            for (int t = 0; t < size; t++) {
                keep[t] = false;
                model.score(history.keep(keep), buffer);
                keep[t] = true;
                c[0][t] = scores[x] - buffer[x];
                c[1][t] = scores[kth] - buffer[kth];
            }
            return c;
        }

        // ---- remove ----------------------------------------------------------------------------------------

        Change removeSearch(List<Blocker> events) {
            List<Blocker> order = events.stream().filter(b -> b.margin() > 0 || b.contribution() < 0)
                    .sorted(REMOVAL_ORDER).limit(config.maxRemove()).toList();
            int m = order.size();
            if (m == 0) {
                return null;
            }
            int lo = 0;
            int hi = -1;
            int lastRank = -1;
            for (int len = 1; ; len = Math.min(m, len * 2)) {
                lastRank = rankWithout(order, len);
                if (lastRank <= k) {
                    hi = len;
                    break;
                }
                lo = len;
                if (len == m) {
                    break;
                }
            }
            if (hi < 0) {
                return removal(keepMask(order, m), lastRank, false);
            }
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (rankWithout(order, mid) <= k) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            boolean[] keep = keepMask(order, hi);
            boolean restored = true;
            while (restored) {
                restored = false;
                for (int i = hi - 1; i >= 0; i--) {
                    int t = order.get(i).position();
                    if (keep[t]) {
                        continue;
                    }
                    keep[t] = true;
                    if (rankKeeping(keep) <= k) {
                        restored = true;
                    } else {
                        keep[t] = false;
                    }
                }
            }
            int newRank = rankKeeping(keep);
            return removal(keep, newRank, newRank <= k);
        }

        boolean[] keepMask(List<Blocker> order, int len) {
            boolean[] keep = new boolean[history.size()];
            Arrays.fill(keep, true);
            for (int i = 0; i < len; i++) {
                keep[order.get(i).position()] = false;
            }
            return keep;
        }

        int rankWithout(List<Blocker> order, int len) {
            return rankKeeping(keepMask(order, len));
        }

        /**
         * Re-ranking of X with the history reduced to the kept events. The items of the removed events are
         * eligible again (a user who deletes those events can be recommended their items, which may then pass
         * X); the kept events' items and the caller's extra exclusions stay excluded.
         */
        int rankKeeping(boolean[] keep) {
            model.score(history.keep(keep), buffer);
            boolean[] stillSeen = new boolean[n];
            for (int t = 0; t < keep.length; t++) {
                int i = history.event(t).item();
                if (keep[t] && i >= 0 && i < n) {
                    stillSeen[i] = true;
                }
            }
            return ScoringAdapter.rankOf(buffer, x, j -> stillSeen[j] || (excluded[j] && !seen[j]), tieBreak);
        }

        Change removal(boolean[] keep, int newRank, boolean verified) {
            List<Integer> positions = new ArrayList<>();
            List<Integer> items = new ArrayList<>();
            for (int t = 0; t < keep.length; t++) {
                if (!keep[t]) {
                    positions.add(t);
                    items.add(history.event(t).item());
                }
            }
            return Change.remove(positions, items, newRank, verified);
        }

        // ---- add -------------------------------------------------------------------------------------------

        Change addSearch(int kth, int rank) {
            if (config.maxAdd() == 0) {
                return null;
            }
            int[] candidates = additive != null ? additiveCandidates(kth) : scoredCandidates();
            if (candidates.length == 0) {
                return null;
            }
            // effect[r]: what adding candidate r does to every score
            double[][] effect = new double[candidates.length][n];
            for (int r = 0; r < candidates.length; r++) {
                if (additive != null) {
                    model.score(new History(history.user(), List.of(newEvent(candidates[r]))), effect[r]);
                } else {
                    model.score(appended(List.of(candidates[r])), effect[r]);
                    for (int j = 0; j < n; j++) {
                        effect[r][j] -= scores[j];
                    }
                }
            }
            double[] current = scores.clone();
            boolean[] added = new boolean[n];
            boolean[] used = new boolean[candidates.length];
            List<Integer> chosen = new ArrayList<>();
            double deficit = deficit(current, null, added, -1);
            int newRank = rank;
            while (chosen.size() < config.maxAdd() && newRank > k) {
                int best = -1;
                double bestDeficit = Double.POSITIVE_INFINITY;
                for (int r = 0; r < candidates.length; r++) {
                    if (!used[r]) {
                        double d = deficit(current, effect[r], added, candidates[r]);
                        if (d < bestDeficit) {
                            bestDeficit = d;
                            best = r;
                        }
                    }
                }
                if (best < 0 || !(bestDeficit < deficit)) {
                    break;
                }
                used[best] = true;
                added[candidates[best]] = true;
                chosen.add(candidates[best]);
                model.score(appended(chosen), current);
                newRank = ScoringAdapter.rankOf(current, x, j -> excluded[j] || added[j], tieBreak);
                deficit = deficit(current, null, added, -1);
            }
            if (chosen.isEmpty()) {
                return null;
            }
            if (newRank > k) {
                return Change.add(chosen, newRank, false);
            }
            boolean dropped = true;
            while (dropped && chosen.size() > 1) {
                dropped = false;
                for (int i = chosen.size() - 1; i >= 0 && chosen.size() > 1; i--) {
                    List<Integer> without = new ArrayList<>(chosen);
                    without.remove(i);
                    if (rankAdding(without) <= k) {
                        chosen = without;
                        dropped = true;
                    }
                }
            }
            newRank = rankAdding(chosen);
            return Change.add(chosen, newRank, newRank <= k);
        }

        /**
         * For an additive model: the eligible items whose one new event raises X most relative to the K-th item,
         * from the contributions of a probe history holding one new event per eligible item.
         */
        int[] additiveCandidates(int kth) {
            List<WeightedEvent> probe = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (eligible(j)) {
                    probe.add(newEvent(j));
                }
            }
            if (probe.isEmpty()) {
                return new int[0];
            }
            double[][] c = additive.contributions(new History(history.user(), probe), new int[] {x, kth});
            Integer[] order = new Integer[probe.size()];
            for (int t = 0; t < order.length; t++) {
                order[t] = t;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer t) -> -(c[0][t] - c[1][t]))
                    .thenComparingInt(t -> probe.get(t).item()));
            int size = Math.min(config.candidates(), order.length);
            int[] out = new int[size];
            for (int r = 0; r < size; r++) {
                out[r] = probe.get(order[r]).item();
            }
            return out;
        }

        /** For other models: the best-scored eligible items. */
        int[] scoredCandidates() {
            return Recommender.topK(scores, config.candidates(), j -> !eligible(j)).stream()
                    .mapToInt(ScoredItem::item).toArray();
        }

        boolean eligible(int j) {
            return j != x && !excluded[j];
        }

        /**
         * The K-th best competitor's score minus X's score, for the scores {@code base + effect} (effect may be
         * null), the original exclusions, the added items and {@code extraItem} left out; negative infinity when
         * fewer than K items compete, positive infinity when X's score is NaN.
         */
        double deficit(double[] base, double[] effect, boolean[] added, int extraItem) {
            double sx = base[x] + (effect == null ? 0 : effect[x]);
            if (Double.isNaN(sx)) {
                return Double.POSITIVE_INFINITY;
            }
            double[] best = new double[k]; // ascending; best[0] is the K-th largest once full
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (j == x || j == extraItem || excluded[j] || added[j]) {
                    continue;
                }
                double v = base[j] + (effect == null ? 0 : effect[j]);
                if (Double.isNaN(v) || (count == k && v <= best[0])) {
                    continue;
                }
                int i;
                if (count < k) {
                    i = count++;
                    while (i > 0 && best[i - 1] > v) {
                        best[i] = best[i - 1];
                        i--;
                    }
                } else {
                    i = 0;
                    while (i + 1 < k && best[i + 1] < v) {
                        best[i] = best[i + 1];
                        i++;
                    }
                }
                best[i] = v;
            }
            return count < k ? Double.NEGATIVE_INFINITY : best[0] - sx;
        }

        /** A new event on an item, timed and weighted like the history's latest event. */
        WeightedEvent newEvent(int item) {
            if (history.size() == 0) {
                return WeightedEvent.unit(item, 0);
            }
            WeightedEvent last = history.event(history.size() - 1);
            return new WeightedEvent(item, last.timestamp(), last.frequency(), last.heat(), last.decay(),
                    last.weight());
        }

        History appended(List<Integer> items) {
            List<WeightedEvent> events = new ArrayList<>(history.events());
            for (int item : items) {
                events.add(newEvent(item));
            }
            return new History(history.user(), events);
        }

        /** Re-ranking of X with new events appended, the original exclusions and the added items in force. */
        int rankAdding(List<Integer> items) {
            boolean[] added = new boolean[n];
            for (int item : items) {
                added[item] = true;
            }
            model.score(appended(items), buffer);
            return ScoringAdapter.rankOf(buffer, x, j -> excluded[j] || added[j], tieBreak);
        }
    }

    /** The verified change with fewer events (ties: removal); else the closer attempt (ties: removal). */
    static Change choose(Change removal, Change addition) {
        if (removal == null || addition == null) {
            return removal != null ? removal : addition;
        }
        if (removal.verified() != addition.verified()) {
            return removal.verified() ? removal : addition;
        }
        if (removal.verified()) {
            return addition.size() < removal.size() ? addition : removal;
        }
        return addition.newRank() < removal.newRank() ? addition : removal;
    }
}
