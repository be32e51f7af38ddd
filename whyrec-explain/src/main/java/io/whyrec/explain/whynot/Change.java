package io.whyrec.explain.whynot;

import java.util.List;

/**
 * A change of the history that was tried to bring an item into the top-K, with the item's rank after it as
 * measured by re-ranking the whole catalogue with the changed history. The changed history is the original one
 * without the removed events, followed by one new event per added item (in order) and one {@code not_interested}
 * event per dismissed item (in order). The item is ranked among the items the user would then still be shown:
 * not the items of the kept events, not the added or dismissed items, not the caller's extra exclusions; the
 * items of removed events compete again, as they do when a user deletes those events.
 *
 * @param removedPositions positions of the removed history events, ascending
 * @param removedItems     items of the removed events, in the same order
 * @param addedItems       items given a new (positive) event, in the order they are appended
 * @param dismissedItems   items marked "not interested" (a new event of negative weight that also keeps the item
 *                         out of the list), in the order they are appended after the added items
 * @param newRank          the item's 1-based rank after the change
 * @param verified         true when the re-ranking puts the item within the top-K; false when this is only the
 *                         closest attempt
 */
public record Change(List<Integer> removedPositions, List<Integer> removedItems, List<Integer> addedItems,
                     List<Integer> dismissedItems, int newRank, boolean verified) {

    /** What a change consists of. */
    public enum Kind {
        /** Only events of the history are taken out. */
        REMOVE,
        /** Only new events are appended. */
        ADD,
        /** Only items are marked "not interested". */
        DISMISS,
        /** More than one of the above. */
        MIXED
    }

    /** Copies the lists and checks that positions and items match. */
    public Change {
        removedPositions = List.copyOf(removedPositions);
        removedItems = List.copyOf(removedItems);
        addedItems = List.copyOf(addedItems);
        dismissedItems = List.copyOf(dismissedItems);
        if (removedPositions.size() != removedItems.size()) {
            throw new IllegalArgumentException(removedPositions.size() + " removed positions for "
                    + removedItems.size() + " removed items");
        }
    }

    /** A removal of history events. */
    public static Change remove(List<Integer> positions, List<Integer> items, int newRank, boolean verified) {
        return new Change(positions, items, List.of(), List.of(), newRank, verified);
    }

    /** Which of the three ways of changing a history this change uses; {@link Kind#MIXED} for several. */
    public Kind kind() {
        int parts = (removedPositions.isEmpty() ? 0 : 1) + (addedItems.isEmpty() ? 0 : 1)
                + (dismissedItems.isEmpty() ? 0 : 1);
        if (parts > 1) {
            return Kind.MIXED;
        }
        if (!addedItems.isEmpty()) {
            return Kind.ADD;
        }
        return dismissedItems.isEmpty() ? Kind.REMOVE : Kind.DISMISS;
    }

    /** Number of events removed, added and dismissed. */
    public int size() {
        return removedPositions.size() + addedItems.size() + dismissedItems.size();
    }
}
