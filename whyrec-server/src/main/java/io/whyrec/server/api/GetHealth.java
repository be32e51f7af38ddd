package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}, {@code /health/ready} and {@code /health/live} once the API serves (no credentials):
 * {@code {"status": "ready", "users": n, "items": n, "events": n}}. Never fails while the server runs; while it
 * starts, the start-up listener answers these paths instead (503 {@code "starting"} with the phase, and 200 for
 * liveness).
 */
public final class GetHealth implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetHealth(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "ready");
        out.put("users", api.engine().numUsers());
        out.put("items", api.engine().catalog().size());
        out.put("events", api.engine().numEvents());
        Requests.json(ctx, api, 200, out);
    }
}
