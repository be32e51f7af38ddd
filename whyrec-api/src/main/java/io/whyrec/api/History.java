package io.whyrec.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The weighted history of one user, in chronological order: the single input that the interest profile,
 * every model and every explainer read. Masking an event for an explanation, deleting it at the user's request
 * and muting a tag are all edits of this one list.
 *
 * @param user   dense user index, or -1 for an anonymous history
 * @param events events in chronological order (ties keep import order)
 */
public record History(int user, List<WeightedEvent> events) {

    /** Copies the list so the history is immutable. */
    public History {
        events = List.copyOf(events);
    }

    /** Number of events. */
    public int size() {
        return events.size();
    }

    /** The event at a position. */
    public WeightedEvent event(int position) {
        return events.get(position);
    }

    /** Dense item indices of the events, in order (an item appears once per event). */
    public int[] items() {
        int[] out = new int[events.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = events.get(i).item();
        }
        return out;
    }

    /**
     * The history restricted to the positions whose flag is true; the explainers use this to score a masked
     * history.
     */
    public History keep(boolean[] keep) {
        if (keep.length != events.size()) {
            throw new IllegalArgumentException("mask has " + keep.length + " entries for " + events.size() + " events");
        }
        List<WeightedEvent> kept = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                kept.add(events.get(i));
            }
        }
        return new History(user, kept);
    }
}
