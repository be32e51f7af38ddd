package io.whyrec.explain.whynot;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.PrefixSearch;
import io.whyrec.explain.ScoringAdapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * scored in full and X is ranked among the items the user would then still be shown (see {@link Change}: the
 * removed events' items compete again, as they do when a user deletes those events; added and dismissed items
 * and the caller's extra exclusions do not).
 * <ol>
 *   <li>Remove. The events are ordered by {@link Blocker#margin()} against the K-th item, largest first (ties:
 *   the more negative contribution to X first, then position); only events with a positive margin or a negative
 *   contribution to X are tried, at most {@link WhyNotConfig#maxRemove()} of them. The shortest prefix of that
 *   order that brings X into the top-K is found by doubling (1, 2, 4, ...) then bisection, as
 *   {@link io.whyrec.explain.counterfactual.CounterfactualSearch} does, which costs O(log maxRemove)
 *   re-rankings.</li>
 *   <li>Greedy. One move per step, at most {@link WhyNotConfig#maxChange()} steps: add a new event on a
 *   catalogue item (weighted and timed like the history's latest event, weight 1 at time 0 for an empty
 *   history), mark an item "not interested" (the same event with the weight negated; the item then leaves the
 *   list), or remove one of the events the remove search would try. Additions are drawn from
 *   {@link WhyNotConfig#candidates()} items: for an additive model half those whose one event raises X most
 *   relative to the K-th item, half those raising X most (read from one contributions call over a probe history
 *   with one event per eligible item); for other models the best-scored items. Dismissals are drawn from the
 *   best-scored competitors at each step. Each step takes the move that leaves the fewest competitors ahead of X
 *   and, among those, the smallest lead of the K-th competitor, predicted from the current scores plus the
 *   move's own effect (the scores of a history holding only that event, negated for a removal: exact for a
 *   model linear in its events, such as EASE or ItemKNN), then re-scores the changed history in full. A model
 *   that is not additive is offered additions only, their effect measured at the original history. The search
 *   stops when X enters, at the bound, or when no move improves the prediction.</li>
 * </ol>
 * A change that succeeds is pruned until no single event of it can be undone: removed events are put back and
 * added or dismissed ones taken away (the latest move first for the greedy search, the least margin first for
 * the removal) whenever X stays in the top-K without them, in passes repeated until one pass changes nothing; so
 * the result is minimal in the sense that undoing any one element of it takes X out of the top-K again.
 *
 * <p>Which change is returned: the verified one with fewer events; with equal sizes the removal, because it
 * explains the ranking by what the user really did rather than by items they have never touched. When neither
 * search succeeds the closest attempt (the lower new rank; ties the removal again) is returned unverified.
 *
 * <p>Cost: for an additive model one answer takes O(log maxRemove + maxChange) full scorings for the searches
 * and O(|change|) per pruning pass, plus {@code 2 * candidates + maxRemove} one-event scorings and
 * O(maxChange * (2 * candidates + maxRemove) * catalogue) arithmetic. Instances hold no mutable state and may be
 * shared between threads when the model may.
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
        final List<Blocker> blockers = new ArrayList<>();

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
            List<Blocker> events = blockers;
            for (int t = 0; t < history.size(); t++) {
                events.add(new Blocker(t, history.event(t).item(), c[0][t], c[1][t]));
            }
            List<Blocker> holding = events.stream().filter(b -> b.contribution() < 0)
                    .sorted(Comparator.comparingDouble(Blocker::contribution).thenComparingInt(Blocker::position))
                    .toList();
            List<Blocker> lifting = events.stream().filter(b -> b.margin() > 0).sorted(REMOVAL_ORDER).toList();
            Change removal = removeSearch();
            Change greedy = greedySearch(kth, rank);
            return new WhyNotAnswer(x, WhyNotAnswer.Status.OUTSIDE_LIST, k, rank, score, kth, kthScore, gap, holding,
                    lifting, choose(removal, greedy));
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

        Change removeSearch() {
            List<Blocker> order = removalOrder();
            int m = order.size();
            if (m == 0) {
                return null;
            }
            int[] lastRank = {-1};
            int hi = PrefixSearch.shortest(m, len -> {
                lastRank[0] = rankWithout(order, len);
                return lastRank[0] <= k;
            });
            if (hi < 0) {
                return removal(keepMask(order, m), lastRank[0], false);
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

        // ---- greedy change ---------------------------------------------------------------------------------

        /**
         * The greedy search over single moves (add an item, dismiss an item, remove an event; for a model that is
         * not additive only additions), each step taking the move whose predicted {@link #objective} is least,
         * then re-scoring the changed history in full.
         */
        Change greedySearch(int kth, int rank) {
            if (config.maxChange() == 0) {
                return null;
            }
            boolean exact = additive != null;
            int[] adds = exact ? additiveCandidates(kth) : scoredCandidates();
            double[][] addEffect = new double[adds.length][];
            for (int r = 0; r < adds.length; r++) {
                addEffect[r] = effect(List.of(newEvent(adds[r])));
            }
            List<Blocker> removable = exact ? removalOrder() : List.of();
            double[][] removeEffect = new double[removable.size()][];
            for (int r = 0; r < removeEffect.length; r++) {
                double[] e = effect(List.of(history.event(removable.get(r).position())));
                for (int j = 0; j < n; j++) {
                    e[j] = -e[j];
                }
                removeEffect[r] = e;
            }
            Map<Integer, double[]> dismissEffect = new HashMap<>();
            State state = new State();
            double[] current = scores.clone();
            int newRank = rank;
            double distance = objective(current, null, state.out, -1, -1);
            while (state.size() < config.maxChange() && newRank > k) {
                int bestKind = -1;
                int bestIndex = -1;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int r = 0; r < removable.size(); r++) {
                    int t = removable.get(r).position();
                    if (!state.keep[t]) {
                        continue;
                    }
                    int item = history.event(t).item();
                    int back = state.seenCount[item] == 1 && !state.added[item] && !state.dismissed[item]
                            && !extraExcluded(item) ? item : -1;
                    double d = objective(current, removeEffect[r], state.out, -1, back);
                    if (d < bestDistance) {
                        bestDistance = d;
                        bestKind = 0;
                        bestIndex = r;
                    }
                }
                for (int r = 0; r < adds.length; r++) {
                    if (state.out[adds[r]]) {
                        continue;
                    }
                    double d = objective(current, addEffect[r], state.out, adds[r], -1);
                    if (d < bestDistance) {
                        bestDistance = d;
                        bestKind = 1;
                        bestIndex = r;
                    }
                }
                if (exact) {
                    for (ScoredItem s : Recommender.topK(current, config.candidates(),
                            j -> j == x || state.out[j] || seen[j])) {
                        int j = s.item();
                        double[] e = dismissEffect.computeIfAbsent(j,
                                i -> effect(List.of(dismissEvent(i))));
                        double d = objective(current, e, state.out, j, -1);
                        if (d < bestDistance) {
                            bestDistance = d;
                            bestKind = 2;
                            bestIndex = j;
                        }
                    }
                }
                if (bestKind < 0 || !(bestDistance < distance)) {
                    break;
                }
                switch (bestKind) {
                    case 0 -> state.remove(removable.get(bestIndex).position());
                    case 1 -> state.add(adds[bestIndex]);
                    default -> state.dismiss(bestIndex);
                }
                model.score(state.history(), current);
                newRank = ScoringAdapter.rankOf(current, x, j -> state.out[j], tieBreak);
                distance = objective(current, null, state.out, -1, -1);
            }
            if (state.size() == 0) {
                return null;
            }
            if (newRank <= k) {
                state.prune();
                newRank = state.rank();
            }
            return state.change(newRank, newRank <= k);
        }

        /**
         * What a list of events does to every score: for an additive model the scores of a history holding only
         * those events; otherwise the scores of the history with them appended minus the original scores.
         */
        double[] effect(List<WeightedEvent> events) {
            double[] out = new double[n];
            if (additive != null) {
                model.score(new History(history.user(), events), out);
                return out;
            }
            List<WeightedEvent> all = new ArrayList<>(history.events());
            all.addAll(events);
            model.score(new History(history.user(), all), out);
            for (int j = 0; j < n; j++) {
                out[j] -= scores[j];
            }
            return out;
        }

        /** The events the remove searches try, in {@link #REMOVAL_ORDER}, at most {@code maxRemove}. */
        List<Blocker> removalOrder() {
            return blockers.stream().filter(b -> b.margin() > 0 || b.contribution() < 0).sorted(REMOVAL_ORDER)
                    .limit(config.maxRemove()).toList();
        }

        boolean extraExcluded(int j) {
            return excluded[j] && !seen[j];
        }

        /** A history being changed by the greedy search, with the exclusions it implies. */
        final class State {
            final boolean[] keep = new boolean[history.size()];
            final int[] seenCount = new int[n];
            final boolean[] added = new boolean[n];
            final boolean[] dismissed = new boolean[n];
            /** Items that do not compete: kept events' items, added, dismissed, the caller's exclusions. */
            final boolean[] out = new boolean[n];
            final List<Integer> order = new ArrayList<>(); // encoded moves: ~position, or item (add), or n + item

            State() {
                Arrays.fill(keep, true);
                for (int t = 0; t < history.size(); t++) {
                    int i = history.event(t).item();
                    if (i >= 0 && i < n) {
                        seenCount[i]++;
                    }
                }
                for (int j = 0; j < n; j++) {
                    out[j] = excluded[j];
                }
            }

            int size() {
                return order.size();
            }

            void remove(int t) {
                apply(~t, true, order.size());
            }

            void add(int item) {
                apply(item, true, order.size());
            }

            void dismiss(int item) {
                apply(n + item, true, order.size());
            }

            void undo(int move) {
                apply(move, false, order.indexOf(move));
            }

            void redo(int move, int index) {
                apply(move, true, index);
            }

            /**
             * Applies ({@code on}) or undoes one encoded move: ~position for a removal, item for an addition,
             * n + item for a dismissal; an applied move is put at {@code index} of the order.
             */
            void apply(int move, boolean on, int index) {
                if (on) {
                    order.add(index, move);
                } else {
                    order.remove(index);
                }
                int item;
                if (move < 0) {
                    keep[~move] = !on;
                    item = history.event(~move).item();
                    if (item >= 0 && item < n) {
                        seenCount[item] += on ? -1 : 1;
                    }
                } else if (move < n) {
                    added[move] = on;
                    item = move;
                } else {
                    dismissed[move - n] = on;
                    item = move - n;
                }
                refresh(item);
            }

            /** Recomputes whether an item competes after a move on it. */
            void refresh(int item) {
                if (item >= 0 && item < n) {
                    out[item] = seenCount[item] > 0 || added[item] || dismissed[item] || extraExcluded(item);
                }
            }

            History history() {
                List<WeightedEvent> events = new ArrayList<>();
                for (int t = 0; t < keep.length; t++) {
                    if (keep[t]) {
                        events.add(history.event(t));
                    }
                }
                for (int move : order) {
                    if (move >= 0 && move < n) {
                        events.add(newEvent(move));
                    }
                }
                for (int move : order) {
                    if (move >= n) {
                        events.add(dismissEvent(move - n));
                    }
                }
                return new History(history.user(), events);
            }

            int rank() {
                model.score(history(), buffer);
                return ScoringAdapter.rankOf(buffer, x, j -> out[j], tieBreak);
            }

            /** Undoes moves, latest first, while the item stays in the top-K, until a pass changes nothing. */
            void prune() {
                boolean dropped = true;
                while (dropped && order.size() > 1) {
                    dropped = false;
                    for (int i = order.size() - 1; i >= 0 && order.size() > 1; i--) {
                        int move = order.get(i);
                        undo(move);
                        if (rank() <= k) {
                            dropped = true;
                        } else {
                            redo(move, i);
                        }
                    }
                }
            }

            Change change(int newRank, boolean verified) {
                Change removed = removal(keep, newRank, verified);
                List<Integer> addedItems = new ArrayList<>();
                List<Integer> dismissedItems = new ArrayList<>();
                for (int move : order) {
                    if (move >= 0 && move < n) {
                        addedItems.add(move);
                    } else if (move >= n) {
                        dismissedItems.add(move - n);
                    }
                }
                return new Change(removed.removedPositions(), removed.removedItems(), addedItems, dismissedItems,
                        newRank, verified);
            }
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
            // half the candidates raise X most relative to the K-th item, the other half raise X most
            Arrays.sort(order, Comparator.comparingDouble((Integer t) -> -(c[0][t] - c[1][t]))
                    .thenComparingInt(t -> probe.get(t).item()));
            int size = Math.min(config.candidates(), order.length);
            java.util.LinkedHashSet<Integer> chosen = new java.util.LinkedHashSet<>();
            for (int r = 0; r < (size + 1) / 2; r++) {
                chosen.add(probe.get(order[r]).item());
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer t) -> -c[0][t])
                    .thenComparingInt(t -> probe.get(t).item()));
            for (int r = 0; r < order.length && chosen.size() < size; r++) {
                chosen.add(probe.get(order[r]).item());
            }
            return chosen.stream().mapToInt(Integer::intValue).toArray();
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
         * How far X is from the top-K for the scores {@code base + effect} (effect may be null), with the items
         * marked {@code out} and {@code extraOut} left out and {@code extraIn} competing although marked out:
         * first the number of competitors ahead of X (ties as {@link ScoringAdapter#rankOf} breaks them), then the
         * K-th best competitor's lead over X, folded into one number that orders (ahead, lead)
         * lexicographically. Below 0 once fewer than K competitors are ahead; positive infinity when X's score is
         * NaN. One pass over the catalogue.
         */
        double objective(double[] base, double[] effect, boolean[] out, int extraOut, int extraIn) {
            double sx = base[x] + (effect == null ? 0 : effect[x]);
            if (Double.isNaN(sx)) {
                return Double.POSITIVE_INFINITY;
            }
            long own = tieBreak == null ? 0 : tieBreak[x];
            int ahead = 0;
            double[] best = new double[k]; // ascending; best[0] is the K-th largest once full
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (j == x || j == extraOut || (out[j] && j != extraIn)) {
                    continue;
                }
                double v = base[j] + (effect == null ? 0 : effect[j]);
                if (Double.isNaN(v)) {
                    continue;
                }
                if (ScoringAdapter.ahead(v, tieBreak == null ? 0 : tieBreak[j], j, sx, own, x)) {
                    ahead++;
                }
                if (count == k && v <= best[0]) {
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
            double lead = count < k ? Double.NEGATIVE_INFINITY : best[0] - sx;
            return Math.max(ahead - k + 1, 0) + Math.atan(lead) / Math.PI + (ahead < k ? -0.5 : 0.5);
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

        /** A "not interested" event on an item: timed like a new event, with the negated weight. */
        WeightedEvent dismissEvent(int item) {
            WeightedEvent e = newEvent(item);
            return new WeightedEvent(item, e.timestamp(), e.frequency(), e.heat(), e.decay(), -Math.abs(e.weight()));
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
