package io.whyrec.api;

import java.util.Map;
import java.util.Objects;

/**
 * One behaviour event exactly as it was imported, before ids are made dense.
 *
 * @param user      the platform's user id
 * @param item      the platform's item id
 * @param timestamp seconds since the Unix epoch, or 0 when the source has no time (user-items files)
 * @param eventType the kind of event ("rating", "view", "click", "buy", ...); never null
 * @param value     the event's intensity as recorded: a rating, a count, dwell seconds; 1 when the source has none
 * @param context   optional context columns (device, hour, ...); empty when the source has none
 */
public record Interaction(String user, String item, long timestamp, String eventType, double value,
                         Map<String, String> context) {

    /** Checks the ids and copies the context map so the record stays immutable. */
    public Interaction {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(eventType, "eventType");
        context = context == null ? Map.of() : Map.copyOf(context);
    }

    /** An interaction without context columns. */
    public Interaction(String user, String item, long timestamp, String eventType, double value) {
        this(user, item, timestamp, eventType, value, Map.of());
    }
}
