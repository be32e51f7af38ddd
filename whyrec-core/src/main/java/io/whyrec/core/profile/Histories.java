package io.whyrec.core.profile;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Plain histories for models trained on binary implicit feedback: every distinct item of the user once, with
 * weight 1 (the seed formula with alpha = 0, beta = 1, heat 1 and no decay), or -1 when the user's last event on
 * the item counts against it. Repeated events of one item keep the position and time of the first occurrence, so
 * for data without events against an item the history equals the user's row of the binary interaction matrix.
 *
 * <p>The binary history is read by models that have no weighting of their own, so whether an event counts against
 * its item is decided by the rules of {@link EventWeighting#DEFAULT}: its type is one of
 * {@link EventWeighting#DEFAULT_NEGATIVE_TYPES} (dislike, not_interested, skip, case-insensitive). The default
 * rating threshold is 0, so no rating counts against its item here.
 */
public final class Histories {

    private Histories() {
    }

    /** The binary history of a user in a dataset. */
    public static History binary(Dataset data, int user) {
        EventWeighting rules = EventWeighting.DEFAULT;
        List<WeightedEvent> events = new ArrayList<>(data.userSize(user));
        BitSet seen = new BitSet(data.numItems());
        BitSet against = new BitSet(data.numItems());
        boolean anyAgainst = false;
        for (int e = data.userStart(user); e < data.userEnd(user); e++) {
            int item = data.item(e);
            if (!seen.get(item)) {
                seen.set(item);
                events.add(WeightedEvent.unit(item, data.timestamp(e)));
            }
            // events are in time order, so the flag ends as the sign of the item's last event
            boolean negative = rules.isNegative(data.eventTypes().get(data.eventType(e)), data.value(e));
            against.set(item, negative);
            anyAgainst |= negative;
        }
        if (anyAgainst) {
            for (int p = 0; p < events.size(); p++) {
                WeightedEvent event = events.get(p);
                if (against.get(event.item())) {
                    events.set(p, event.withWeight(-1.0));
                }
            }
        }
        return new History(user, events);
    }
}
