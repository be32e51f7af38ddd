package io.whyrec.core.model;

import io.whyrec.api.History;
import java.util.BitSet;
import java.util.function.IntPredicate;

/**
 * Exclusion predicates for {@link io.whyrec.api.Recommender#recommend}: the usual full-ranking protocol ranks
 * every item except those already in the user's history.
 */
public final class Seen {

    private Seen() {
    }

    /** A predicate true for every item that occurs in the history (whatever its weight). */
    public static IntPredicate itemsOf(History history) {
        BitSet seen = new BitSet();
        for (int i = 0; i < history.size(); i++) {
            seen.set(history.event(i).item());
        }
        return seen::get;
    }
}
