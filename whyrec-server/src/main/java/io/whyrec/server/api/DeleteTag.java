package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.store.TagAction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DELETE /v1/users/{user}/tags/{tag}} — deletes one interest facet from the user's profile (the user's
 * token or the admin key): like muting, it is removed from ranking and explanations, and unlike muting it is no
 * longer listed on the profile at all. Only an explicit {@code PUT ... {"muted": false}} brings it back. Stored
 * before the answer {@code {"user": ..., "tag": ..., "state": "deleted"}}; persists across restarts.
 *
 * <p>Errors: 401/403; 404 for a tag no item has.
 */
public final class DeleteTag implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public DeleteTag(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        String tag = Requests.pathId(ctx, "tag", api);
        PutTag.requireKnownTag(api, tag);
        api.engine().editTag(user, tag, TagAction.DELETED);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("tag", tag);
        out.put("state", "deleted");
        Requests.json(ctx, api, 200, out);
    }
}
