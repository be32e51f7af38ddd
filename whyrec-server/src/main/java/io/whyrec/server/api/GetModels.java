package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.live.ModelRegistry;
import io.whyrec.server.live.ServedModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models} — the served models (any caller with credentials): {@code {"default": "ease",
 * "models": [{"model", "fitted", "version", "users", "items", "fitMillis", "params", "source", "explanation",
 * "trials"}...]}}, where {@code explanation} is "exact" for an additive model and "loo" otherwise, and
 * {@code trials} lists the validation NDCG@10 of every configuration tried when the model was tuned, and
 * {@code deletionRatios}, for a model that is not additive, the deletion ratio of each explanation method measured
 * on a sample when the model was built (below 1: better than random orders). {@code "stale": true} with a
 * {@code reason} marks a model whose last refit could not run (it is older than the stored events), and
 * {@code erasedUsersHeld} counts the users erased (in this run) after the served version was fitted or loaded:
 * that version still holds their events until the next refit.
 */
public final class GetModels implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetModels(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.requireAuthenticated(ctx);
        Requests.onlyQuery(ctx);
        ModelRegistry registry = api.ranker().registry();
        List<Map<String, Object>> models = new ArrayList<>();
        for (String name : registry.names()) {
            models.add(describe(registry, name, registry.current(name)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("default", api.ranker().serving().defaultModel());
        out.put("models", models);
        Requests.json(ctx, api, 200, out);
    }

    /** One model's description (the members listed in the class comment). */
    static Map<String, Object> describe(ModelRegistry registry, String name, ServedModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", name);
        out.put("fitted", m != null);
        if (m == null) {
            String why = registry.whyNotFitted(name);
            out.put("reason", why == null ? "not fitted yet" : why);
            return out;
        }
        out.put("version", m.version());
        out.put("users", m.users());
        out.put("items", m.numItems());
        out.put("fitMillis", m.fitMillis());
        out.put("params", m.model().params());
        out.put("source", m.source());
        out.put("explanation", m.additive() ? "exact" : "loo");
        if (!m.trials().isEmpty()) {
            out.put("trials", m.trials());
        }
        if (!m.deletionRatios().isEmpty()) {
            out.put("deletionRatios", m.deletionRatios());
        }
        String stale = registry.whyNotFitted(name);
        if (stale != null) {
            out.put("stale", true);
            out.put("reason", stale);
        }
        if (!registry.isLive(name)) {
            out.put("erasedUsersHeld", registry.erasedUsersHeld(name));
        }
        return out;
    }
}
