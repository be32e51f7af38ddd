package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.live.CatalogSnapshot;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.UserState;

import java.util.Map;

/**
 * {@code GET /v1/users/{user}/recommendations/{item}/explanation?k=10&lang=en&model=profile&method=counterfactual}
 * — why a model scores one item as it does for the user, wherever the item ranks (the user's token or the admin
 * key): its rank, the exact event contributions, facet shares, the sentence and, for method=counterfactual
 * (the default here) and an item within the top k, the counterfactual for leaving the top k. {@code events}
 * limits the listed events as for the recommendations (default 10). The sentence is written by the narrator the
 * server was started with ({@code whyrec serve --narrator}), behind its grounding gate, and the explanation says
 * who wrote it ({@code "narrator": {"name", "requested", "grounded", "rejections"}}); the lists of
 * {@code GET /v1/users/{user}/recommendations} keep the template sentences (one model call per listed item would
 * make a list as slow as ten narrations). The explanation ends with {@code "explanationId"}, which a feedback
 * answer ({@code POST /v1/users/{user}/feedback}) names, and the user's {@code "arm"} of explanation styles
 * ({@link ExplanationArms}: how many reasons the template names, or whether the narrator writes the sentence).
 *
 * <p>Fair use ({@link Admission}): the estimated cost (history events x 1 item x the method's factor) must be
 * within the budget (else 400 naming what to lower); any method but exact waits briefly for a permit of the
 * expensive requests (else 429 with {@code Retry-After}).
 *
 * <p>Errors: 400 for a bad k or lang, or a cost above the budget; 401/403; 404 for an unknown item; 409 when the
 * user switched personalisation off (nothing of their history is used, so there is nothing to explain); 429 when
 * the token's rate is spent or no permit came free.
 */
public final class GetExplanation implements Handler {

    /** Events listed per explanation when the {@code events} parameter is absent. */
    public static final int MAX_EVENTS_DEFAULT = 10;

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetExplanation(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        Requests.onlyQuery(ctx, "k", "lang", "model", "method", "events");
        int k = Requests.intQuery(ctx, "k", api.limits().defaultK(), 1, api.limits().maxK());
        Lang lang = GetRecommendations.lang(ctx);
        String model = GetRecommendations.model(ctx, api);
        String method = ctx.queryParam("method") == null ? Ranker.COUNTERFACTUAL : GetRecommendations.method(ctx);
        CatalogSnapshot snap = api.engine().catalog();
        int item = Requests.pathItem(ctx, "item", api, snap);
        UserState s = api.engine().userOrEmpty(user);
        // one explained item; k only bounds the counterfactual's target, so it does not multiply the cost
        Ranker.Explained x = GetRecommendations.serve(() -> api.admission().explain(
                Admission.estimate(api.ranker(), s, model, 1, true, method), null,
                () -> api.ranker().explainOne(s, model, item, k, method)));
        if (x == null) {
            throw new ApiException(409, "personalization: off for this user; the ranking does not use their history");
        }
        Map<String, Object> out = Views.item(x.input().info(), snap.catalog(), item);
        out.put("user", user);
        out.put("model", model);
        out.put("rank", x.explanation().rank());
        ExplanationArms.Arm arm = api.ranker().arm(user);
        Narration narration = api.ranker().narrate(x.explanation(), x.input().info(), lang, snap, arm);
        String id = api.ids().issue(user, snap.catalog().items().id(item), new ExplanationIds.Issued(model,
                x.input().modelVersion(), x.explanation().method(), narration.narrator(),
                lang.locale().getLanguage(), arm.name()));
        out.put("explanation", Views.tagged(Views.explanation(x.explanation(), x.input().info(),
                EventNames.of(s, x.input()), narration, Requests.intQuery(ctx, "events", MAX_EVENTS_DEFAULT, 0,
                        100_000)), id, arm));
        Requests.json(ctx, api, 200, out);
    }
}
