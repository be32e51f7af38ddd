package io.whyrec.explain.whynot;

import java.util.List;

/**
 * A change of the history that was tried to bring an item into the top-K, with the item's rank after it as
 * measured by re-ranking the whole catalogue with the changed history, excluding what the user would then have
 * seen: the items of the reduced history after a removal (the removed events' items can be recommended again),
 * the original exclusions and the added items after an addition; the caller's extra exclusions always.
 *
 * @param kind             whether events are removed or added
 * @param removedPositions positions of the removed history events, ascending (empty for {@link Kind#ADD})
 * @param removedItems     items of the removed events, in the same order (empty for {@link Kind#ADD})
 * @param addedItems       items of the new events, in the order they are appended to the history (empty for
 *                         {@link Kind#REMOVE})
 * @param newRank          the item's 1-based rank after the change
 * @param verified         true when the re-ranking puts the item within the top-K; false when this is only the
 *                         closest attempt
 */
public record Change(Kind kind, List<Integer> removedPositions, List<Integer> removedItems, List<Integer> addedItems,
                     int newRank, boolean verified) {

    /** The two ways of changing a history. */
    public enum Kind {
        /** Some events of the history are taken out. */
        REMOVE,
        /** New events are appended to the history. */
        ADD
    }

    /** Copies the lists and checks that they match the kind. */
    public Change {
        if (kind == null) {
            throw new IllegalArgumentException("Change.kind must not be null");
        }
        removedPositions = List.copyOf(removedPositions);
        removedItems = List.copyOf(removedItems);
        addedItems = List.copyOf(addedItems);
        if (removedPositions.size() != removedItems.size()) {
            throw new IllegalArgumentException(removedPositions.size() + " removed positions for "
                    + removedItems.size() + " removed items");
        }
        if (kind == Kind.REMOVE ? !addedItems.isEmpty() : !removedPositions.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " change cannot list "
                    + (kind == Kind.REMOVE ? "added items" : "removed events"));
        }
    }

    /** A removal of history events. */
    public static Change remove(List<Integer> positions, List<Integer> items, int newRank, boolean verified) {
        return new Change(Kind.REMOVE, positions, items, List.of(), newRank, verified);
    }

    /** An addition of new events. */
    public static Change add(List<Integer> items, int newRank, boolean verified) {
        return new Change(Kind.ADD, List.of(), List.of(), items, newRank, verified);
    }

    /** Number of events removed or added. */
    public int size() {
        return kind == Kind.REMOVE ? removedPositions.size() : addedItems.size();
    }
}
