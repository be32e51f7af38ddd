package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.privacy.AuditLog;
import io.whyrec.server.live.ModelRegistry;
import io.whyrec.server.live.ServedModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/models/refit?model=NAME} — model management (admin key): refits one served model now on every
 * stored event (or every served model, without {@code model}), if events changed since its last fit, and swaps
 * it in atomically (requests in flight keep the model they started with); a model served from a file is
 * reloaded from it. Answers, for one model, {@code {"model": "ease", "fitted": true, "version": n, "users": n,
 * "items": n, "fitMillis": n, "params": {...}, "source": "..."}}, with {@code "fitted": false} and a
 * {@code "reason"} when there is nothing to fit on (no events, fewer than 2 items, or a catalogue larger than
 * EASE is fitted on); without {@code model}, {@code {"models": [...]}} with one such object per served model.
 * The background thread does the same every {@code ServingConfig.refitSeconds()}. On a PostgreSQL store shared
 * by replicas, a new version swapped in here is announced in the change log, and the other replicas then refit
 * their own models on the same events (their periodic refits are their own and are not announced).
 *
 * <p>Errors: 400 for a model that is not served; 409 when a model file cannot be served (another dataset's).
 */
public final class PostRefit implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostRefit(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.audit(ctx, "model_refit"); // refused attempts are audited too
        Requests.requireAdmin(ctx);
        Requests.onlyQuery(ctx, "model");
        ModelRegistry registry = api.ranker().registry();
        String one = ctx.queryParam("model");
        if (one != null) {
            if (!registry.serves(one)) {
                throw ApiException.badRequest("model: '" + one + "' is not served (served: "
                        + String.join(", ", registry.names()) + ")");
            }
            Requests.json(ctx, api, 200, refit(registry, one));
            return;
        }
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        for (String name : registry.names()) {
            all.add(refit(registry, name));
        }
        Requests.json(ctx, api, 200, Map.of("models", all));
    }

    private Map<String, Object> refit(ModelRegistry registry, String name) {
        ServedModel m;
        ServedModel before = registry.current(name);
        try {
            m = registry.refit(name, api.ranker().serving().refitThreads());
        } catch (ModelRegistry.ModelFileException e) {
            throw new ApiException(409, "model: " + e.getMessage());
        }
        Map<String, Object> out = GetModels.describe(registry, name, m);
        String why = registry.whyNotFitted(name);
        if (m != null && why != null) {
            // a model is served, but this refit did not run: say so instead of reporting the stale one as fitted
            out.put("fitted", false);
            out.put("reason", "not refitted: " + why);
        }
        if (m != null && m != before) {
            // the replicas sharing the store refit theirs on the same events
            api.engine().announceRefit(name);
        }
        AuditLog.record(api.audit(), "models.refit", Map.of("model", name, "fitted", out.get("fitted")));
        return out;
    }
}
