package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.store.TagAction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /v1/users/{user}/tags/{tag}} — mutes one interest facet, or unmutes it (the user's token or the admin
 * key). Body: optional {@code {"muted": true}} (the default) or {@code {"muted": false}} to unmute (which also
 * restores a deleted tag). A muted tag is removed from the ranking (its facet's contribution is dropped), from
 * every explanation and from the profile's facets; it stays listed under "muted". Stored before the answer
 * {@code {"user": ..., "tag": ..., "state": "muted"|"active"}}; persists across restarts.
 *
 * <p>Errors: 400 for malformed JSON or a non-boolean {@code muted}; 401/403; 404 for a tag no item has.
 */
public final class PutTag implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PutTag(ApiContext api) {
        this.api = api;
    }

    /** Checks that the tag is a facet of the catalogue. */
    static void requireKnownTag(ApiContext api, String tag) {
        if (api.engine().catalog().catalog().facets().find(tag).isEmpty()) {
            throw ApiException.notFound("tag: unknown tag '" + tag + "'; no item carries it");
        }
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        String tag = Requests.pathId(ctx, "tag", api);
        boolean muted = Requests.booleanMember(ctx.body(), api.json(), "muted", true);
        requireKnownTag(api, tag);
        api.engine().editTag(user, tag, muted ? TagAction.MUTED : null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("tag", tag);
        out.put("state", muted ? "muted" : "active");
        Requests.json(ctx, api, 200, out);
    }
}
