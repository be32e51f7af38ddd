package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.api.History;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.CatalogSnapshot;
import io.whyrec.server.live.UserState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/users/{user}/profile?evidence=5} — what whyrec holds about the user (the user's token or the
 * admin key): {@code ranking}, the model that ranks the list and whether it reads the weighted history (the
 * formula) or the binary one; the interest facets with weight, share of weighted activity and their top evidence events
 * ({@code evidence} per facet, 0..1000, default 5), the event timeline with every term of
 * {@code w_t = (alpha f_t + beta h_t) exp(-lambda age_t)}, the weighting parameters, the muted tags and the
 * personalisation switch; {@code summary}, the profile in one or two sentences ({@code lang} en or zh) with the
 * facets each phrase names ({@code {"text", "phrases": [{"kind", "text", "facets", "items"}]}}), which the page's
 * "That's not me" mutes: the template's, or with {@code whyrec serve --narrator} the narrator's behind its grounding
 * gate, with a {@code "narrator"} block saying who wrote it ({@link Views#summary(io.whyrec.server.live.ProfileSummary)}). Muted and deleted tags are absent from the facets. An unknown user has an empty profile.
 *
 * <p>Errors: 400 for a bad evidence count or lang; 401 without credentials; 403 for another user's token.
 */
public final class GetProfile implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetProfile(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        int evidence = Requests.intQuery(ctx, "evidence", 5, 0, 1000);
        Lang lang = GetRecommendations.lang(ctx);
        UserState s = api.engine().userOrEmpty(user);
        CatalogSnapshot snap = api.engine().catalog();
        History h = api.ranker().history(s);
        InterestProfile p = api.ranker().profile(s);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("personalized", s.personalized());
        out.put("weighting", api.engine().config().weighting().describe());
        out.put("ranking", ranking(api));
        out.put("numEvents", p.numEvents());
        out.put("activity", p.activity());
        out.put("summary", Views.summary(api.ranker().summary(p, lang, snap)));
        out.put("facets", Views.facets(p, s, evidence));
        out.put("muted", Views.muted(s));
        out.put("events", Views.timeline(s, h, snap.infoHiding(s.hiddenTags())));
        Requests.json(ctx, api, 200, out);
    }

    /**
     * Which model ranks this user's list by default and how it weighs the history, so the page says whether the
     * disclosed formula is the ranking's input: {@code {"model", "weighting", "usesFormula"}}.
     */
    static Map<String, Object> ranking(ApiContext api) {
        String model = api.ranker().modelName(null);
        var served = api.ranker().registry().current(model);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        boolean formula = served != null && served.model() instanceof io.whyrec.core.model.WeightedHistoryModel;
        out.put("usesFormula", formula);
        out.put("weighting", formula
                ? ((io.whyrec.core.model.WeightedHistoryModel) served.model()).weighting().describe() : "binary");
        return out;
    }
}
