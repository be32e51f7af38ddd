package io.whyrec.core.profile;

import io.whyrec.api.History;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.data.Dataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain histories for models trained on binary implicit feedback: every distinct item of the user once, with
 * weight 1 (the seed formula with alpha = 0, beta = 1, heat 1 and no decay). Repeated events of one item keep
 * the first occurrence, so the history equals the user's row of the binary interaction matrix.
 */
public final class Histories {

    private Histories() {
    }

    /** The binary history of a user in a dataset. */
    public static History binary(Dataset data, int user) {
        List<WeightedEvent> events = new ArrayList<>(data.userSize(user));
        java.util.BitSet seen = new java.util.BitSet(data.numItems());
        for (int e = data.userStart(user); e < data.userEnd(user); e++) {
            int item = data.item(e);
            if (!seen.get(item)) {
                seen.set(item);
                events.add(WeightedEvent.unit(item, data.timestamp(e)));
            }
        }
        return new History(user, events);
    }
}
