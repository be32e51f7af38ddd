package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.api.ItemInfo;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.explain.whynot.Blocker;
import io.whyrec.explain.whynot.Change;
import io.whyrec.explain.whynot.WhyNotAnswer;
import io.whyrec.explain.whynot.WhyNotText;
import io.whyrec.server.live.CatalogSnapshot;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.ModelInput;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.UserState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/users/{user}/items/{item}/why-not?k=10&lang=en&model=NAME} — "why don't I see this item?" (the
 * user's token or the admin key). Answers {@code status} (OUTSIDE_LIST, IN_LIST, SEEN), the item's {@code rank}
 * and {@code score}, the {@code kthScore} of the last listed item and the {@code gap}; {@code holdingBack}: the
 * user's events that count against the item (negative contributions, most negative first, named by event id);
 * {@code mutedTags}: the item's tags the user muted or deleted (they remove its evidence); {@code change}: the
 * smallest change found, {@code kind} REMOVE (event ids) or ADD (items to add to the history), with the
 * {@code newRank} a re-ranking gave and {@code verified} true when that rank is within k; and a sentence.
 *
 * <p>Fair use ({@link Admission}): an answer re-ranks for every candidate change, so it is an expensive request:
 * its estimated cost (history events x the why-not factor) must be within the budget (else 400) and it waits
 * briefly for a permit of the expensive requests (else 429 with {@code Retry-After}).
 *
 * <p>Errors: 400 for a bad k, lang, model or an unknown query parameter, or a cost above the budget; 401/403;
 * 404 for an unknown item; 409 when the user switched personalisation off; 429 when the token's rate is spent or
 * no permit came free; 503 while the model is not fitted.
 */
public final class GetWhyNot implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetWhyNot(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        Requests.onlyQuery(ctx, "k", "lang", "model");
        int k = Requests.intQuery(ctx, "k", api.limits().defaultK(), 1, api.limits().maxK());
        Lang lang = GetRecommendations.lang(ctx);
        String model = GetRecommendations.model(ctx, api);
        CatalogSnapshot snap = api.engine().catalog();
        int item = Requests.pathItem(ctx, "item", api, snap);
        UserState s = api.engine().userOrEmpty(user);
        Ranker.WhyNotResult r = GetRecommendations.serve(() -> s.personalized() ? api.admission().explain(
                io.whyrec.server.limits.CostBudget.whyNot(s.active().events().size()), null,
                () -> api.ranker().whyNot(s, model, item, k)) : api.ranker().whyNot(s, model, item, k));
        if (r == null) {
            throw new ApiException(409, "personalization: off for this user; the list is the same for everyone");
        }
        Requests.json(ctx, api, 200, body(user, model, s, r, snap, lang));
    }

    static Map<String, Object> body(String user, String model, UserState s, Ranker.WhyNotResult r,
                                    CatalogSnapshot snap, Lang lang) {
        WhyNotAnswer a = r.answer();
        ModelInput in = r.input();
        ItemInfo info = in.info();
        ItemCatalog catalog = snap.catalog();
        Map<String, Object> out = Views.item(info, catalog, a.item());
        out.put("user", user);
        out.put("model", model);
        out.put("status", a.status().name());
        out.put("k", a.k());
        if (a.rank() > 0) {
            out.put("rank", a.rank());
            out.put("score", a.score());
        }
        if (a.kthItem() >= 0) {
            out.put("kthScore", a.kthScore());
            out.put("gap", a.gap());
        }
        List<Map<String, Object>> back = new ArrayList<>();
        for (Blocker b : a.holdingBack()) {
            back.add(event(s, in, info, b.position(), b.contribution()));
        }
        out.put("holdingBack", back);
        List<String> muted = new ArrayList<>();
        for (String tag : catalog.item(a.item()).tags()) {
            if (s.hiddenTags().contains(tag)) {
                muted.add(tag);
            }
        }
        out.put("mutedTags", muted);
        Change c = a.change();
        if (c != null) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("kind", c.kind().name());
            cm.put("size", c.size());
            List<String> removed = new ArrayList<>();
            for (int p : c.removedPositions()) {
                removed.add(s.events().get(in.eventIndex()[p]).eventId());
            }
            cm.put("removedEvents", removed);
            List<Map<String, Object>> added = new ArrayList<>();
            for (int j : c.addedItems()) {
                added.add(Views.item(info, catalog, j));
            }
            cm.put("addedItems", added);
            List<Map<String, Object>> dismissed = new ArrayList<>();
            for (int j : c.dismissedItems()) {
                dismissed.add(Views.item(info, catalog, j));
            }
            cm.put("dismissedItems", dismissed);
            cm.put("newRank", c.newRank());
            cm.put("verified", c.verified());
            out.put("change", cm);
        }
        out.put("text", WhyNotText.render(a, info, lang.locale()));
        return out;
    }

    private static Map<String, Object> event(UserState s, ModelInput in, ItemInfo info, int position,
                                             double contribution) {
        var se = s.events().get(in.eventIndex()[position]);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", se.eventId());
        m.put("item", se.item());
        m.put("title", info.title(in.history().event(position).item()));
        m.put("type", se.type());
        m.put("contribution", contribution);
        return m;
    }
}
