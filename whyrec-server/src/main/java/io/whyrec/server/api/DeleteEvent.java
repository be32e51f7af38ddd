package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;

/**
 * {@code DELETE /v1/users/{user}/events/{eventId}} — deletes one of the user's events (the user's token or the
 * admin key). The row is removed from the store before the answer, and the event disappears at once from the
 * profile, its evidence, the ranking and every explanation's contributions. Answers 200
 * {@code {"deleted": "<eventId>"}}.
 *
 * <p>Errors: 401/403; 404 when the user has no event with that id.
 */
public final class DeleteEvent implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public DeleteEvent(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        String eventId = Requests.pathId(ctx, "eventId", api);
        if (!api.engine().deleteEvent(user, eventId)) {
            throw ApiException.notFound("eventId: user '" + user + "' has no event '" + eventId + "'");
        }
        Requests.json(ctx, api, 200, Map.of("deleted", eventId));
    }
}
