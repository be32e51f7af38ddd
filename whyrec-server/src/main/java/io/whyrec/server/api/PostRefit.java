package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.live.EaseSnapshot;
import io.whyrec.server.live.ServingConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/models/refit} — model management (admin key): refits EASE now on every stored event, if events
 * changed since the last fit, and swaps it in atomically (requests in flight keep the model they started with).
 * Answers {@code {"model": "ease", "fitted": true, "version": n, "users": n, "items": n, "fitMillis": n}}, or
 * {@code "fitted": false} when there is nothing to fit on (no events, fewer than 2 items, or more items than
 * {@link ServingConfig#easeMaxItems()}). The background thread does the same every
 * {@link ServingConfig#refitSeconds()}.
 */
public final class PostRefit implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostRefit(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.requireAdmin(ctx);
        ServingConfig s = api.ranker().serving();
        EaseSnapshot e = api.engine().refitEase(s.easeLambda(), s.easeMaxItems(), s.refitThreads());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", "ease");
        out.put("fitted", e != null);
        if (e != null) {
            out.put("version", e.version());
            out.put("users", e.users());
            out.put("items", e.ease().numItems());
            out.put("fitMillis", e.fitMillis());
        }
        Requests.json(ctx, api, 200, out);
    }
}
