package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.api.Explanation;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.text.ExplanationText;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.TemplateNarrator;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.UserState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /v1/users/{user}/recommendations?k=10&explain=false&lang=en&model=profile&method=exact} — the user's
 * top-k list (the user's token or the admin key).
 *
 * <p>Parameters: {@code k} list length, 1..{@link ApiContext.Limits#maxK()}, default 10; {@code explain} true to
 * attach to each item its exact explanation (every non-zero event contribution, facet shares and a sentence);
 * {@code method} exact (default) or counterfactual, which also searches, per item, a small set of events whose
 * removal drops it out of the top k (verified by re-ranking) and adds it to the sentence; {@code lang} en or zh
 * for the sentence; {@code events} how many events each explanation lists, those with the largest absolute
 * contribution (default 10; {@code nonZeroEvents} says how many contribute at all); {@code model} any served model ({@code GET /v1/models}; default: the server's default model), with
 * {@code method} exact (additive models, their default), loo (any model, the default of the others) or
 * counterfactual. Each explanation ends with {@code "explanationId"} (named by a feedback answer,
 * {@code POST /v1/users/{user}/feedback}), the user's {@code "arm"} of explanation styles, whose number of
 * reasons the sentence names ({@link ExplanationArms}), and {@code "armNarrated"}, whether the arm's single
 * explanation ({@link GetExplanation}) is the narrator's: a list's sentences are always the template's. Items the user already
 * has events on are excluded. The user's muted and deleted tags are removed from the ranking and are never cited
 * (for EASE: the events of items carrying a muted tag are dropped from the history, see {@code Ranker}).
 *
 * <p>Personalised responses are cached per user ({@link io.whyrec.server.live.ResponseCache}): an entry is
 * served only for the very user state, catalogue and EASE versions and query it was computed for, so any change is
 * seen at once. The popularity list (personalisation off, or a user with no events yet) depends on every user's
 * events and is never cached.
 *
 * <p>With personalisation switched off the list is the global popularity ranking, reads nothing of the user's
 * history, carries {@code "personalized": false, "method": "popularity"} and a label saying so, and has no
 * explanations. A user with no events (unknown or new) gets the same list with a label saying why.
 *
 * <p>Fair use ({@link Admission}): with explanations, the request's estimated cost (history events x k x the
 * method's factor) must be within the server's budget, else 400 naming the budget, the estimate and the k or
 * method that would fit; an expensive method (anything but exact, or a counterfactual) waits briefly for one of
 * the few permits of expensive requests, else 429 with {@code Retry-After}. A list without explanations, or with
 * exact ones, never waits.
 *
 * <p>Errors: 400 for a bad k, explain, lang, model or method, method=exact of a model that is not additive, an
 * unknown query parameter (named), or a cost above the budget; 401 without credentials; 403 for another user's
 * token; 429 when the token's rate is spent or no permit for an expensive request came free; 503 while the
 * model is not fitted (with the reason).
 */
public final class GetRecommendations implements Handler {

    /** The label of the non-profiling ranking, per language. */
    static final Map<Lang, String> POPULARITY_LABEL = Map.of(
            Lang.EN, "Personalisation is off: the most popular items across all users, "
                    + "not based on your activity.",
            Lang.ZH, "个性化推荐已关闭：以下是所有用户中最热门的内容，与你的个人活动无关。");

    /** The query parameters that filter every recommendation route. */
    static final List<String> FILTER_PARAMS = List.of("tag", "category", "exclude", "offset");

    /**
     * The request-time filters: {@code tag} and {@code category} (comma-separated; both name item tags, and an
     * item carrying any of them is kept), {@code exclude} (comma-separated item ids, each must exist) and
     * {@code offset} (0..1000).
     */
    static Ranker.Filter filter(Context ctx, io.whyrec.server.live.CatalogSnapshot snap) {
        java.util.Set<String> tags = new java.util.TreeSet<>();
        for (String p : List.of("tag", "category")) {
            for (String raw : ctx.queryParams(p)) {
                for (String t : raw.split(",")) {
                    if (!t.isBlank()) {
                        tags.add(t.trim());
                    }
                }
            }
        }
        java.util.Set<Integer> exclude = new java.util.TreeSet<>();
        for (String raw : ctx.queryParams("exclude")) {
            for (String id : raw.split(",")) {
                if (id.isBlank()) {
                    continue;
                }
                exclude.add(snap.catalog().items().find(id.trim()).orElseThrow(
                        () -> ApiException.badRequest("exclude: unknown item '" + id.trim() + "'")));
            }
        }
        int offset = Requests.intQuery(ctx, "offset", 0, 0, 1000);
        return tags.isEmpty() && exclude.isEmpty() && offset == 0 ? Ranker.Filter.NONE
                : new Ranker.Filter(tags, exclude, offset);
    }

    /** The label of the non-personalised list of a user with no activity yet, per language. */
    static final Map<Lang, String> NEW_USER_LABEL = Map.of(
            Lang.EN, "No activity of yours yet: the most popular items across all users. Your own "
                    + "recommendations start with your first event.",
            Lang.ZH, "你还没有任何行为记录：以下是所有用户中最热门的内容。产生第一条行为后即开始个性化推荐。");

    /** The label of a non-personalised list: personalisation switched off, or no history yet. */
    static String label(UserState s, Lang lang) {
        return (s.personalized() ? NEW_USER_LABEL : POPULARITY_LABEL).get(lang);
    }

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetRecommendations(ApiContext api) {
        this.api = api;
    }

    /** Parses the lang parameter (default en). */
    static Lang lang(Context ctx) {
        String raw = ctx.queryParam("lang");
        if (raw == null || raw.isEmpty()) {
            return Lang.EN;
        }
        Lang l = Lang.parse(raw);
        if (l == null) {
            throw ApiException.badRequest("lang: '" + raw + "' is not one of en, zh");
        }
        return l;
    }

    /** Parses the model parameter (default: the server's default model). */
    static String model(Context ctx, ApiContext api) {
        String raw = ctx.queryParam("model");
        String m = api.ranker().modelName(raw);
        if (!api.ranker().registry().serves(m)) {
            throw ApiException.badRequest("model: '" + raw + "' is not served (served: "
                    + String.join(", ", api.ranker().registry().names()) + ")");
        }
        Requests.answeredBy(ctx, m);
        return m;
    }

    /**
     * The method parameter: null when absent (the model's own default: exact for an additive model, else loo);
     * the ranker checks that the model can give it ({@link Ranker#how}).
     */
    static String method(Context ctx) {
        String raw = ctx.queryParam("method");
        return raw == null || raw.isEmpty() ? null : raw;
    }

    /**
     * Runs a ranker call, turning a model that is not fitted into 503 and a method the model cannot give into
     * 400.
     */
    static <T> T serve(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (Ranker.ModelUnavailableException e) {
            throw new ApiException(503, e.getMessage());
        } catch (Ranker.MethodUnavailableException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        List<String> known = new ArrayList<>(List.of("k", "explain", "events", "lang", "model", "method"));
        known.addAll(FILTER_PARAMS);
        Requests.onlyQuery(ctx, known.toArray(String[]::new));
        int k = Requests.intQuery(ctx, "k", api.limits().defaultK(), 1, api.limits().maxK());
        boolean explain = Requests.boolQuery(ctx, "explain", false);
        int maxEvents = Requests.intQuery(ctx, "events", GetExplanation.MAX_EVENTS_DEFAULT, 0, 100_000);
        Lang lang = lang(ctx);
        String model = model(ctx, api);
        String method = method(ctx);
        UserState s = api.engine().userOrEmpty(user);
        long catalogVersion = api.engine().catalog().version();
        var served = api.ranker().registry().current(model);
        long modelVersion = served == null ? 0 : served.version();
        Ranker.Filter filter = filter(ctx, api.engine().catalog());
        String query = model + "|" + k + "|" + explain + "|" + method + "|" + lang + "|" + maxEvents + "|" + filter;
        byte[] cached = api.cache().get(s, catalogVersion, modelVersion, query);
        if (cached != null) {
            ctx.status(200).contentType("application/json; charset=utf-8").result(cached);
            return;
        }
        Ranker.Ranking r = serve(() -> api.admission().explain(
                Admission.estimate(api.ranker(), s, model, k, explain, method), "k",
                () -> api.ranker().recommend(s, model, k, explain, method, filter)));
        byte[] body = body(api, s, r, k, lang, maxEvents);
        if (r.personalized()) {
            // the popularity list reads every user's events, so it is never cached per user
            api.cache().put(s, catalogVersion, modelVersion, query, body);
        }
        ctx.status(200).contentType("application/json; charset=utf-8").result(body);
    }

    /**
     * The JSON body of a computed ranking (what the endpoint answers; public so benchmarks can time the whole
     * computation without HTTP).
     */
    public static byte[] body(ApiContext api, UserState s, Ranker.Ranking r, int k, Lang lang, int maxEvents) {
        String user = s.user();
        ItemInfo info = r.input() != null ? r.input().info() : r.catalog().infoHiding(s.hiddenTags());
        ExplanationArms.Arm arm = api.ranker().arm(user);
        ExplanationText renderer = r.input() == null ? null
                : new ExplanationText(lang.locale(), info, arm.text());
        List<Explanation> rendered = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        String label = r.personalized() ? null : label(s, lang);
        return RecommendationsJson.write(api.json(), user, s, r, k, label, info, maxEvents,
                x -> sentence(x, info, renderer, rendered, texts), x -> explanationId(api, user, r, x, lang, arm), arm);
    }

    /**
     * The id of a listed item's explanation: its sentence is always the template's ({@link TemplateNarrator#NAME})
     * with the arm's number of reasons.
     */
    private static String explanationId(ApiContext api, String user, Ranker.Ranking r, Explanation x, Lang lang,
                                        ExplanationArms.Arm arm) {
        return api.ids().issue(user, r.catalog().catalog().items().id(x.item()), new ExplanationIds.Issued(
                r.input().model(), r.input().modelVersion(), x.method(), TemplateNarrator.NAME,
                lang.locale().getLanguage(), arm.name()));
    }

    /**
     * The same body built as ordered maps with {@link Views} and serialised by the mapper: the reference the
     * streaming {@link RecommendationsJson} is tested against (byte for byte).
     */
    static byte[] bodyFromMaps(ApiContext api, UserState s, Ranker.Ranking r, int k, Lang lang, int maxEvents) {
        String user = s.user();
        ItemInfo info = r.input() != null ? r.input().info() : r.catalog().infoHiding(s.hiddenTags());
        ExplanationArms.Arm arm = api.ranker().arm(user);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("method", r.method());
        out.put("personalized", r.personalized());
        if (!r.personalized()) {
            out.put("label", label(s, lang));
        }
        out.put("k", k);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Ranker.Ranked x : r.items()) {
            Map<String, Object> m = Views.item(info, r.catalog().catalog(), x.item());
            m.put("rank", x.rank());
            m.put("score", x.score());
            if (x.explanation() != null) {
                Explanation e = x.explanation();
                Narration template = new Narration(Ranker.text(e, r.input().info(), lang, arm.text()),
                        TemplateNarrator.NAME, TemplateNarrator.NAME, true, List.of(), 0);
                m.put("explanation", Views.tagged(Views.explanation(e, r.input().info(), EventNames.of(s, r.input()),
                        template, maxEvents), explanationId(api, user, r, e, lang, arm), arm));
            }
            items.add(m);
        }
        out.put("items", items);
        return Requests.bytes(api, out);
    }

    /**
     * The sentence of an explanation, taken from an explanation of the same request when the sentence is
     * necessarily the same: the same event attributions (the very list, see {@code Ranker}), facet attributions,
     * counterfactual and visible facets of the explained item, which are all a sentence reads.
     */
    private static String sentence(Explanation x, ItemInfo info, ExplanationText renderer, List<Explanation> rendered,
                                   List<String> texts) {
        for (int j = 0; j < rendered.size(); j++) {
            Explanation d = rendered.get(j);
            if (d.events() == x.events() && d.facets().equals(x.facets())
                    && Objects.equals(d.counterfactual(), x.counterfactual())
                    && info.facets(d.item()).equals(info.facets(x.item()))) {
                return texts.get(j);
            }
        }
        String text = renderer.render(x);
        rendered.add(x);
        texts.add(text);
        return text;
    }
}
