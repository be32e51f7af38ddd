package io.whyrec.server.store;

import java.util.Objects;

/**
 * One behaviour event as stored: the client's event id (unique; re-posting it is a no-op), the pseudonymous
 * user, the item, the time, the event type and its value (rating, count or dwell seconds).
 *
 * @param eventId the client's unique event id
 * @param user    the platform's user id
 * @param item    the platform's item id
 * @param ts      seconds since the Unix epoch
 * @param type    event type ("rating", "view", "click", "buy", ...)
 * @param value   the event's intensity as recorded
 * @param seq     the server's arrival number, increasing; orders events with equal times
 */
public record StoredEvent(String eventId, String user, String item, long ts, String type, double value, long seq) {

    /** Checks the ids. */
    public StoredEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(type, "type");
    }
}
