package io.whyrec.explain;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.Explanation;
import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.counterfactual.AddEventSearch;
import io.whyrec.explain.counterfactual.CounterfactualConfig;
import io.whyrec.explain.counterfactual.CounterfactualExplainer;
import io.whyrec.explain.counterfactual.CounterfactualSearch;
import io.whyrec.explain.exact.ExactExplainer;
import io.whyrec.explain.testing.Ranks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counterfactual search: a hand-made case where pruning matters, and verified properties on random models. */
class CounterfactualTest {

    /** Independent rank (see {@link Ranks#rank}). */
    private static int rank(ToyModels.Linear model, History full, boolean[] keep, int item) {
        return Ranks.rank(model, full, keep, item);
    }

    @Test
    void pruningRemovesTheEventThatGreedyAddedNeedlessly() {
        // history e0 = item 0, e1 = item 1, e2 = item 2 (weights 1); target item 3, competitor item 4, k = 1.
        // target:     5 + 4 + 3 = 12   (contributions 5, 4, 3: greedy order e0, e1, e2)
        // competitor: 5 + 0 + 5 = 10   -> target rank 1
        // remove e0:      target 7 vs competitor 5  -> still rank 1
        // remove e0, e1:  target 3 vs competitor 5  -> rank 2 (greedy prefix of length 2)
        // prune e1 back:  = remove e0 only -> rank 1, so e1 stays removed
        // prune e0 back:  remove e1 only: target 8 vs competitor 10 -> rank 2, so e0 is not needed
        // => minimal set {e1}, new rank 2, item 4 enters the top-1.
        double[][] b = new double[6][6];
        b[0][3] = 5;
        b[1][3] = 4;
        b[2][3] = 3;
        b[0][4] = 5;
        b[2][4] = 5;
        ToyModels.Linear model = new ToyModels.Linear(b);
        History h = new History(0, List.of(WeightedEvent.unit(0, 1), WeightedEvent.unit(1, 2), WeightedEvent.unit(2, 3)));
        CounterfactualSearch search = new CounterfactualSearch(model, new CounterfactualConfig(1, 5));
        Counterfactual cf = search.find(h, 3, new double[] {5, 4, 3});
        assertTrue(cf.found());
        assertEquals(List.of(1), cf.removedPositions());
        assertEquals(List.of(1), cf.removedItems());
        assertEquals(1, cf.originalRank());
        assertEquals(2, cf.newRank());
        assertEquals(List.of(4), cf.entering());
        assertEquals(2, rank(model, h, new boolean[] {true, false, true}, 3));
        // an item outside the top-K has nothing to drop out of
        assertThrows(IllegalArgumentException.class, () -> search.find(h, 4, new double[] {5, 0, 5}));
    }

    @Test
    void notFoundWhenEvenTheEmptyHistoryKeepsTheItem() {
        // item 1 scores 1 from e0 only; every other item scores 0 whatever is removed. With everything removed
        // all scores are 0 and item 1, the lowest index outside the history {0}, wins the tie -> never drops out
        double[][] b = new double[5][5];
        b[0][1] = 1;
        History h = new History(0, List.of(WeightedEvent.unit(0, 1)));
        Counterfactual cf = new CounterfactualSearch(new ToyModels.Linear(b), new CounterfactualConfig(1, 5))
                .find(h, 1, new double[] {1});
        assertFalse(cf.found());
        assertEquals(List.of(0), cf.removedPositions());
        assertEquals(1, cf.newRank());
    }

    @Test
    void anEmptyHistoryHasNothingToRemove() {
        // no events: all scores are 0, item 0 (lowest index) is rank 1 of the top-1 and nothing can be removed,
        // so the search reports not found, removes nothing and the rank stays 1 (it used to index order[0])
        double[][] b = new double[3][3];
        History h = new History(0, List.of());
        Counterfactual cf = new CounterfactualSearch(new ToyModels.Linear(b), new CounterfactualConfig(1, 5))
                .find(h, 0, new double[0]);
        assertFalse(cf.found());
        assertEquals(List.of(), cf.removedPositions());
        assertEquals(1, cf.originalRank());
        assertEquals(1, cf.newRank());
    }

    @Test
    void everyFoundSetReallyDropsTheItemAndIsOneMinimal() {
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 120;
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(n, rnd));
        CounterfactualSearch search = new CounterfactualSearch(model, CounterfactualConfig.DEFAULT);
        CounterfactualExplainer explainer = new CounterfactualExplainer(new ExactExplainer(model, null), search);
        int found = 0;
        int total = 0;
        for (int u = 0; u < 6; u++) {
            History h = ToyModels.randomHistory(u, 10 + rnd.nextInt(30), n, rnd);
            List<ScoredItem> top = model.recommend(h, 10, ScoringAdapter.itemsOf(h));
            for (ScoredItem s : top) {
                Explanation x = explainer.explain(h, s.item());
                Counterfactual cf = x.counterfactual();
                total++;
                assertEquals("exact+counterfactual", x.method());
                if (!cf.found()) {
                    continue;
                }
                found++;
                boolean[] keep = new boolean[h.size()];
                java.util.Arrays.fill(keep, true);
                for (int p : cf.removedPositions()) {
                    keep[p] = false;
                }
                int r = rank(model, h, keep, s.item());
                assertEquals(cf.newRank(), r);
                assertTrue(r > 10);
                for (int p : cf.removedPositions()) {
                    keep[p] = true;
                    assertTrue(rank(model, h, keep, s.item()) <= 10, "event " + p + " was not needed");
                    keep[p] = false;
                }
                assertEquals(cf.entering().size(), newItems(model, h, keep, top).size());
            }
        }
        assertTrue(found >= total * 0.9, found + " of " + total);
    }

    private static List<Integer> newItems(ToyModels.Linear model, History h, boolean[] keep, List<ScoredItem> before) {
        double[] s = new double[model.numItems()];
        model.score(h.keep(keep), s);
        Set<Integer> old = new HashSet<>();
        for (ScoredItem x : before) {
            old.add(x.item());
        }
        List<Integer> out = new ArrayList<>();
        for (ScoredItem x : Recommender.topK(s, before.size(), ScoringAdapter.itemsOf(h))) {
            if (!old.contains(x.item())) {
                out.add(x.item());
            }
        }
        return out;
    }

    @Test
    void addEventSearchPicksTheCandidateThatChangesTheListMost() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 80;
        ToyModels.Linear model = new ToyModels.Linear(ToyModels.randomB(n, rnd));
        History h = ToyModels.randomHistory(0, 15, n, rnd);
        CounterfactualConfig cfg = new CounterfactualConfig(10, 20);
        AddEventSearch.Suggestion s = new AddEventSearch(model, cfg).find(h);
        assertEquals(20, s.tried());
        // brute force over the same 20 candidates (ranks 11..30 among non-history items)
        double[] scores = new double[n];
        model.score(h, scores);
        List<ScoredItem> wide = Recommender.topK(scores, 30, ScoringAdapter.itemsOf(h));
        Set<Integer> current = new HashSet<>();
        for (ScoredItem x : wide.subList(0, 10)) {
            current.add(x.item());
        }
        int best = -1;
        for (ScoredItem c : wide.subList(10, 30)) {
            List<WeightedEvent> ev = new ArrayList<>(h.events());
            WeightedEvent last = h.event(h.size() - 1);
            ev.add(last.withWeight(last.weight()).equals(last) ? new WeightedEvent(c.item(), last.timestamp(),
                    last.frequency(), last.heat(), last.decay(), last.weight()) : null);
            double[] s2 = new double[n];
            model.score(new History(0, ev), s2);
            Set<Integer> seen = new HashSet<>();
            for (int i : h.items()) {
                seen.add(i);
            }
            seen.add(c.item());
            int left = 0;
            Set<Integer> next = new HashSet<>();
            for (ScoredItem x : Recommender.topK(s2, 10, seen::contains)) {
                next.add(x.item());
            }
            for (int i : current) {
                if (!next.contains(i)) {
                    left++;
                }
            }
            best = Math.max(best, left);
        }
        assertEquals(best, s.changed());
        assertEquals(s.changed(), s.leaving().size());
        assertEquals(s.leaving().size(), s.entering().size());
    }
}
