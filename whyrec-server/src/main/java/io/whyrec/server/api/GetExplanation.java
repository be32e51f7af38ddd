package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.api.Explanation;
import io.whyrec.api.ItemInfo;
import io.whyrec.server.live.CatalogSnapshot;
import io.whyrec.server.live.ExplanationText;
import io.whyrec.server.live.UserState;

import java.util.Map;

/**
 * {@code GET /v1/users/{user}/recommendations/{item}/explanation?k=10&lang=en} — why the profile model scores one
 * item as it does for the user, wherever the item ranks (the user's token or the admin key): its rank, the exact
 * event contributions, facet shares, the counterfactual for leaving the top k, and the sentence.
 *
 * <p>Errors: 400 for a bad k or lang; 401/403; 404 for an unknown item; 409 when the user switched
 * personalisation off (nothing of their history is used, so there is nothing to explain).
 */
public final class GetExplanation implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetExplanation(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathId(ctx, "user", api);
        Requests.requireUser(ctx, user);
        String itemId = Requests.pathId(ctx, "item", api);
        int k = Requests.intQuery(ctx, "k", api.limits().defaultK(), 1, api.limits().maxK());
        ExplanationText.Lang lang = GetRecommendations.lang(ctx);
        CatalogSnapshot snap = api.engine().catalog();
        int item = snap.catalog().items().find(itemId).orElseThrow(
                () -> ApiException.notFound("item: unknown item '" + itemId + "'"));
        UserState s = api.engine().userOrEmpty(user);
        Explanation x = api.ranker().explainOne(s, item, k);
        if (x == null) {
            throw new ApiException(409, "personalization: off for this user; the ranking does not use their history");
        }
        ItemInfo info = api.engine().catalog().infoHiding(s.hiddenTags());
        Map<String, Object> out = Views.item(info, snap.catalog(), item);
        out.put("user", user);
        out.put("rank", x.rank());
        out.put("explanation", Views.explanation(x, s, info, snap.catalog(), lang));
        Requests.json(ctx, api, 200, out);
    }
}
