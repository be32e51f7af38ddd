package io.whyrec.server.api;

import io.whyrec.api.History;
import io.whyrec.core.data.Dataset;
import io.whyrec.server.live.ModelInput;
import io.whyrec.server.live.UserState;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.server.store.StoredEvent;

/**
 * How an explanation names the events it cites: for a position of the history the model read, the event's id,
 * its item's external id, its time and its type. {@link Views#explanation} reads events only through this, so the
 * server (a user's stored events) and the command line (the events of the dataset it loaded) write one shape and
 * name an event the same way.
 */
@FunctionalInterface
public interface EventNames {

    /**
     * One event as an explanation shows it.
     *
     * @param eventId the event's id ({@code ds:<n>} for an event of a dataset); null where none is known
     * @param item    the external id of the event's item
     * @param ts      the event's time in seconds since the epoch
     * @param type    the event's type name
     */
    record Event(String eventId, String item, long ts, String type) {
    }

    /** The event at a history position. */
    Event at(int position);

    /**
     * The server's names: a user's stored events, a history position mapped to its event through the model
     * input ({@link ModelInput#eventIndex()}).
     */
    static EventNames of(UserState s, ModelInput in) {
        int[] index = in.eventIndex();
        return p -> {
            StoredEvent e = s.events().get(index[p]);
            return new Event(e.eventId(), e.item(), e.ts(), e.type());
        };
    }

    /**
     * The names of a dataset user's events for a history built from that dataset by {@code ModelHistories.of}:
     * a position is mapped to its event by the server's rule ({@link ModelInput#eventIndex(History, Dataset, int)})
     * and an event is named by its index in the dataset ({@link DatasetSeed#eventId}), the id a store seeded from
     * the same dataset gives it.
     */
    static EventNames of(Dataset data, int user, History history) {
        int start = data.userStart(user);
        int[] index = ModelInput.eventIndex(history, data, user);
        return p -> {
            int e = start + index[p];
            return new Event(DatasetSeed.eventId(e), data.catalog().items().id(data.item(e)), data.timestamp(e),
                    data.eventTypes().get(data.eventType(e)));
        };
    }
}
