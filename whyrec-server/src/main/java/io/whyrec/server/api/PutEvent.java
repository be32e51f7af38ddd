package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /v1/users/{user}/events/{eventId}} — excludes one of the user's events from their recommendations,
 * or includes it again (the user's token or the admin key). Body: optional {@code {"excluded": true}} (the
 * default) or {@code {"excluded": false}}. Unlike {@link DeleteEvent} the event is kept: it stays in the profile's
 * timeline (marked {@code "excluded": true}) so it can be included again, while no model ranks or explains with
 * it, it counts in no interest facet and no counterfactual names it; its item is still never recommended. Stored
 * before the answer {@code {"user": ..., "eventId": ..., "state": "excluded"|"included"}}; persists across
 * restarts; deleting the event clears its exclusion.
 *
 * <p>Errors: 400 for malformed JSON or a non-boolean {@code excluded}; 401/403; 404 when the user has no event
 * with that id.
 */
public final class PutEvent implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PutEvent(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        String eventId = Requests.pathId(ctx, "eventId", api);
        boolean excluded = Requests.booleanMember(ctx.body(), api.json(), "excluded", true);
        if (!api.engine().setExcluded(user, eventId, excluded)) {
            throw ApiException.notFound("eventId: user '" + user + "' has no event '" + eventId + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("eventId", eventId);
        out.put("state", excluded ? "excluded" : "included");
        Requests.json(ctx, api, 200, out);
    }
}
