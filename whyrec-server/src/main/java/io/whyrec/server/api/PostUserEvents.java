package io.whyrec.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.server.store.StoredEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/users/{user}/events} — the user's own feedback from the page (the user's token or the admin
 * key): "not interested" ({@code not_interested}, which counts against its item), "more like this"
 * ({@code like}), or an event the user deleted and takes back (undo re-posts it with its id, time, type and
 * value). Body: a JSON array of events as for {@code POST /v1/events}, whose {@code user} is the path's user
 * (it may be left out; another user is a 403). Unlike the admin route, an item must already be in the catalogue,
 * so a user's token cannot add items. Stored in one transaction before the answer
 * {@code {"received": n, "stored": s, "duplicates": d}}; an event id already stored is skipped.
 *
 * <p>Errors: 400 naming the first bad field, or an item the catalogue lacks; 401/403; 413 for a body over the
 * size limit.
 */
public final class PostUserEvents implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostUserEvents(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        JsonNode body = Requests.batchBody(ctx, api, "events");
        EventWeighting weighting = api.engine().config().weighting();
        var catalog = api.engine().catalog().catalog();
        long now = System.currentTimeMillis() / 1000;
        List<StoredEvent> batch = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            String at = "events[" + i + "]";
            StoredEvent e = PostEvents.parse(api, body.get(i), at, weighting, now, null, user);
            if (!e.user().equals(user)) {
                throw ApiException.forbidden(at + ".user: '" + e.user() + "' is not the user of this route ('"
                        + user + "')");
            }
            if (catalog.items().find(e.item()).isEmpty()) {
                throw ApiException.badRequest(at + ".item: unknown item '" + e.item() + "'");
            }
            batch.add(e);
        }
        PostEvents.ingest(ctx, api, batch);
    }
}
