package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /v1/users/{user}/personalization} — switches the user's personalised ranking on or off (the user's
 * token or the admin key). Body: {@code {"enabled": false}}. Off, the recommendations are the global popularity
 * ranking, which reads nothing of the user's history and is labelled as such. Stored before the answer
 * {@code {"user": ..., "enabled": false}}; persists across restarts.
 *
 * <p>Errors: 400 for malformed JSON, a missing or non-boolean {@code enabled}, or an unknown field; 401/403.
 */
public final class PutPersonalization implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PutPersonalization(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        boolean enabled = Requests.booleanMember(ctx.body(), api.json(), "enabled", null);
        api.engine().setPersonalized(user, enabled);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("enabled", enabled);
        Requests.json(ctx, api, 200, out);
    }
}
