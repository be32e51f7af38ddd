package io.whyrec.api;

import java.util.List;

/**
 * The smallest set of history events found whose removal drops the explained item out of the top-K, checked
 * by re-ranking with the reduced history (the items of the original history stay excluded from the list).
 *
 * @param k                the list length the item must leave
 * @param removedPositions positions of the removed events in the explained history, ascending
 * @param removedItems     items of the removed events, in the same order
 * @param originalRank     the item's 1-based rank with the full history
 * @param newRank          the item's 1-based rank after the removal
 * @param entering         items that are in the top-K after the removal but were not before, best first
 * @param found            true when the removal really puts the item beyond rank k; false when even removing
 *                         every event tried did not (then the other fields describe the last attempt)
 */
public record Counterfactual(int k, List<Integer> removedPositions, List<Integer> removedItems, int originalRank,
                             int newRank, List<Integer> entering, boolean found) {

    /** Copies the lists so the record is immutable. */
    public Counterfactual {
        removedPositions = List.copyOf(removedPositions);
        removedItems = List.copyOf(removedItems);
        entering = List.copyOf(entering);
    }

    /** Number of removed events. */
    public int size() {
        return removedPositions.size();
    }
}
