package io.whyrec.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.server.store.Store;
import io.whyrec.server.store.StoreException;
import io.whyrec.server.store.StoredEvent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/events} — ingests a batch of behaviour events (admin API key required).
 *
 * <p>Body: a JSON array of objects {@code {"id": "e1", "user": "u1", "item": "i9", "ts": 1700000000,
 * "type": "rating", "value": 4}}. {@code id}, {@code user} and {@code item} are required strings; {@code ts} is
 * seconds since the epoch (default: the server's clock); {@code type} defaults to "view" and {@code value} to 1.
 * The value must not be negative and must be weighable by the server's event weighting (with the default rating
 * heat, in [0, 5]). Ids and the type follow the importers' rules ({@link Requests#checkId}: printable, valid
 * UTF-16, at most 200 UTF-8 bytes).
 * Unknown items are added to the catalogue, titled by their id, without tags. On a pseudonymised data directory
 * each {@code user} is stored as its keyed pseudonym ({@link ApiContext#storedUser}).
 *
 * <p>The whole batch is validated first and stored in one transaction, committed before the 200 answer
 * {@code {"received": n, "stored": s, "duplicates": d}}; an event id already stored is skipped, so re-posting a
 * batch is harmless. Each stored event updates its user's history in memory at once.
 *
 * <p>Errors: 400 naming the first bad field ({@code events[3].item: missing}), for malformed JSON, a body that is
 * not an array, or more than {@link ApiContext.Limits#maxBatch()} events; 401/403 without the admin key; 413 for a
 * body over the size limit; 503 with {@code Retry-After} when the database could not store the batch (nothing of
 * it was stored).
 */
public final class PostEvents implements Handler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostEvents.class);

    /** Seconds a client is asked to wait before sending a batch the database could not store again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Set<String> FIELDS = Set.of("id", "user", "item", "ts", "type", "value");

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostEvents(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.requireAdmin(ctx);
        JsonNode body = Requests.batchBody(ctx, api, "events");
        EventWeighting weighting = api.engine().config().weighting();
        long now = System.currentTimeMillis() / 1000;
        List<StoredEvent> batch = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            batch.add(parse(api, body.get(i), "events[" + i + "]", weighting, now, null, null));
        }
        ingest(ctx, api, batch);
    }

    /**
     * Stores a validated batch (all or nothing) and answers {@code {"received", "stored", "duplicates"}}; when the
     * database cannot write it (a full disk, a lost connection) the answer is 503 with {@code Retry-After}, and
     * nothing of the batch is stored or applied in memory.
     */
    static void ingest(Context ctx, ApiContext api, List<StoredEvent> batch) {
        Store.Ingested result;
        try {
            result = api.engine().ingest(batch);
        } catch (StoreException e) {
            LOG.warn("a batch of {} events was not stored: {}", batch.size(), e.getMessage());
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            throw new ApiException(503, "events: the database could not store the batch (a full disk, for "
                    + "example); nothing of it was stored: send it again later");
        }
        api.metrics().events(result.stored().size(), result.duplicates());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("received", batch.size());
        out.put("stored", result.stored().size());
        out.put("duplicates", result.duplicates());
        Requests.json(ctx, api, 200, out);
    }

    /**
     * One event of a request body, checked field by field (the messages name {@code at}).
     *
     * @param defaultId   the id when the event has none, or null when {@code id} is required
     * @param defaultUser the user when the event has none, or null when {@code user} is required
     */
    static StoredEvent parse(ApiContext api, JsonNode e, String at, EventWeighting weighting, long now,
                             String defaultId, String defaultUser) {
        if (!e.isObject()) {
            throw ApiException.badRequest(at + ": must be a JSON object");
        }
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest(at + "." + f + ": unknown field; known: id, user, item, ts, type, value");
            }
        }
        String id = text(api, e, "id", at, defaultId);
        String user = text(api, e, "user", at, defaultUser);
        if (e.hasNonNull("user")) {
            // an id from the body is the platform's own: stored as its pseudonym when the directory is pseudonymised
            user = api.storedUser(user);
        }
        String item = text(api, e, "item", at, null);
        String type = text(api, e, "type", at, "view");
        long ts = now;
        JsonNode t = e.get("ts");
        if (t != null && !t.isNull()) {
            if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 0) {
                throw ApiException.badRequest(at + ".ts: must be a non-negative integer (seconds since the epoch)");
            }
            ts = t.asLong();
        }
        double value = 1.0;
        JsonNode v = e.get("value");
        if (v != null && !v.isNull()) {
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw ApiException.badRequest(at + ".value: must be a finite number");
            }
            if (v.asDouble() < 0) {
                // as in the importers: only a rating has a scale of its own, and no value is negative
                throw ApiException.badRequest(at + ".value: " + v.asDouble() + " is negative");
            }
            value = v.asDouble();
        }
        String heatField = weighting.heatSource() == EventWeighting.HeatSource.EVENT_TYPE ? "type" : "value";
        try {
            weighting.heat(type, value, at + "." + heatField);
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest(ex.getMessage());
        }
        return new StoredEvent(id, user, item, ts, type, value, 0);
    }

    private static String text(ApiContext api, JsonNode e, String field, String at, String dflt) {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            if (dflt == null) {
                throw ApiException.badRequest(at + "." + field + ": missing");
            }
            return dflt;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(at + "." + field + ": must be a string");
        }
        Requests.checkId(n.asText(), at + "." + field, api);
        return n.asText();
    }
}
