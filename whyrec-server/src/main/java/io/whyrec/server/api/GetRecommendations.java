package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.api.ItemInfo;
import io.whyrec.server.live.ExplanationText;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.UserState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/users/{user}/recommendations?k=10&explain=false&lang=en&method=profile} — the user's top-k list
 * (the user's token or the admin key).
 *
 * <p>Parameters: {@code k} list length, 1..{@link ApiContext.Limits#maxK()}, default 10; {@code explain} true to
 * attach to each item its exact explanation (every non-zero event contribution, facet shares, a counterfactual
 * and a sentence); {@code lang} en or zh for the sentence; {@code method} "profile" (the only personalised model
 * served so far). Items the user already has events on are excluded. The user's muted and deleted tags are removed
 * from the ranking and are never cited.
 *
 * <p>With personalisation switched off the list is the global popularity ranking, reads nothing of the user's
 * history, carries {@code "personalized": false, "method": "popularity"} and a label saying so, and has no
 * explanations. An unknown user gets an empty history, so an empty personalised list is possible.
 *
 * <p>Errors: 400 for a bad k, explain, lang or method; 401 without credentials; 403 for another user's token.
 */
public final class GetRecommendations implements Handler {

    /** The label of the non-profiling ranking, per language. */
    static final Map<ExplanationText.Lang, String> POPULARITY_LABEL = Map.of(
            ExplanationText.Lang.EN, "Personalisation is off: the most popular items across all users, "
                    + "not based on your activity.",
            ExplanationText.Lang.ZH, "个性化推荐已关闭：以下是所有用户中最热门的内容，与你的个人活动无关。");

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetRecommendations(ApiContext api) {
        this.api = api;
    }

    /** Parses the lang parameter (default en). */
    static ExplanationText.Lang lang(Context ctx) {
        String raw = ctx.queryParam("lang");
        if (raw == null || raw.isEmpty()) {
            return ExplanationText.Lang.EN;
        }
        ExplanationText.Lang l = ExplanationText.Lang.parse(raw);
        if (l == null) {
            throw ApiException.badRequest("lang: '" + raw + "' is not one of en, zh");
        }
        return l;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathId(ctx, "user", api);
        Requests.requireUser(ctx, user);
        int k = Requests.intQuery(ctx, "k", api.limits().defaultK(), 1, api.limits().maxK());
        boolean explain = Requests.boolQuery(ctx, "explain", false);
        ExplanationText.Lang lang = lang(ctx);
        String method = ctx.queryParam("method");
        if (method != null && !method.isEmpty() && !method.equals(Ranker.PROFILE)) {
            throw ApiException.badRequest("method: '" + method + "' is not served; known: " + Ranker.PROFILE);
        }
        UserState s = api.engine().userOrEmpty(user);
        Ranker.Ranking r = api.ranker().recommend(s, k, explain);
        ItemInfo info = r.catalog().infoHiding(s.hiddenTags());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("method", r.method());
        out.put("personalized", r.personalized());
        if (!r.personalized()) {
            out.put("label", POPULARITY_LABEL.get(lang));
        }
        out.put("k", k);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Ranker.Ranked x : r.items()) {
            Map<String, Object> m = Views.item(info, r.catalog().catalog(), x.item());
            m.put("rank", x.rank());
            m.put("score", x.score());
            if (x.explanation() != null) {
                m.put("explanation", Views.explanation(x.explanation(), s, info, r.catalog().catalog(), lang));
            }
            items.add(m);
        }
        out.put("items", items);
        Requests.json(ctx, api, 200, out);
    }
}
