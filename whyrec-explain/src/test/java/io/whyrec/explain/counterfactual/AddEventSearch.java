package io.whyrec.explain.counterfactual;

import io.whyrec.api.History;
import io.whyrec.api.ItemScorer;
import io.whyrec.api.ScoredItem;
import io.whyrec.api.WeightedEvent;
import io.whyrec.explain.ScoringAdapter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * "Which single new event would change your list most?": tries adding one item to the history and re-ranks.
 * The candidates are bounded and chosen deterministically: the {@code candidates} best-scored items that are
 * neither in the history nor in the current top-K. The added event takes the weight and timestamp of the
 * history's latest event (an event happening "now"; weight 1 and time 0 for an empty history). The change is
 * the number of items of the current top-K that leave the new top-K (which excludes the history's items and
 * the added item); ties go to the better-scored candidate.
 */
public final class AddEventSearch {

    /**
     * The best new event found.
     *
     * @param item     the item whose event would be added
     * @param changed  how many items of the current top-K it pushes out
     * @param entering items that enter the top-K, best first
     * @param leaving  items that leave the top-K, in their old order
     * @param tried    how many candidates were evaluated
     */
    public record Suggestion(int item, int changed, List<Integer> entering, List<Integer> leaving, int tried) {

        /** Copies the lists. */
        public Suggestion {
            entering = List.copyOf(entering);
            leaving = List.copyOf(leaving);
        }
    }

    private final ScoringAdapter adapter;
    private final CounterfactualConfig config;

    /** A search over a model's rankings. */
    public AddEventSearch(ItemScorer model, CounterfactualConfig config) {
        this.adapter = new ScoringAdapter(model);
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The new event that changes the top-K most, or null when there is no candidate item. */
    public Suggestion find(History history) {
        int k = config.k();
        IntPredicate inHistory = ScoringAdapter.itemsOf(history);
        List<ScoredItem> wide = adapter.topK(history, k + config.candidates(), inHistory);
        List<ScoredItem> current = wide.subList(0, Math.min(k, wide.size()));
        Set<Integer> currentItems = new HashSet<>();
        for (ScoredItem s : current) {
            currentItems.add(s.item());
        }
        WeightedEvent last = history.size() == 0 ? null : history.event(history.size() - 1);
        Suggestion best = null;
        int tried = 0;
        for (ScoredItem cand : wide.subList(current.size(), wide.size())) {
            int c = cand.item();
            tried++;
            List<WeightedEvent> events = new ArrayList<>(history.events());
            events.add(last == null ? WeightedEvent.unit(c, 0) : new WeightedEvent(c, last.timestamp(), last.frequency(),
                    last.heat(), last.decay(), last.weight()));
            History edited = new History(history.user(), events);
            List<ScoredItem> next = adapter.topK(edited, k, j -> j == c || inHistory.test(j));
            Set<Integer> nextItems = new HashSet<>();
            List<Integer> entering = new ArrayList<>();
            for (ScoredItem s : next) {
                nextItems.add(s.item());
                if (!currentItems.contains(s.item())) {
                    entering.add(s.item());
                }
            }
            List<Integer> leaving = new ArrayList<>();
            for (ScoredItem s : current) {
                if (!nextItems.contains(s.item())) {
                    leaving.add(s.item());
                }
            }
            if (best == null || leaving.size() > best.changed()) {
                best = new Suggestion(c, leaving.size(), entering, leaving, 0);
            }
        }
        return best == null ? null : new Suggestion(best.item(), best.changed(), best.entering(), best.leaving(), tried);
    }
}
