package io.whyrec.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.server.live.CatalogSnapshot;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.UserState;
import io.whyrec.server.store.StoredEvent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/recommendations} — a list for an anonymous session (any credentials: the admin key or a user
 * token), ranked from the events in the body and stored nowhere: {@code {"events": [{"item": "i9", "ts": ...,
 * "type": "click", "value": 1}, ...], "k": 10, "model": "ease", "explain": true, "method": "exact", "lang":
 * "en", "events_listed": 10}}, every member but {@code events} optional (the defaults of
 * {@code GET /v1/users/{user}/recommendations}); the query parameters {@code tag}, {@code category},
 * {@code exclude} and {@code offset} filter as they do there. The answer has the same shape, with
 * {@code "user": "anonymous"}; an empty event list gives the labelled popularity list.
 *
 * <p>Errors: 400 naming the first bad field ({@code events[2].item: unknown item 'x'}), an unknown member or
 * query parameter, a bad k, model, method or lang, or an estimated cost above the budget (as for the user's list,
 * see {@link Admission}); 401 without credentials; 429 when the credential's rate is spent or no permit for an
 * expensive request came free; 503 while the model is not fitted.
 */
public final class PostRecommendations implements Handler {

    private static final Set<String> MEMBERS = Set.of("events", "k", "model", "explain", "method", "lang",
            "events_listed");

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostRecommendations(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.requireAuthenticated(ctx);
        Requests.onlyQuery(ctx, GetRecommendations.FILTER_PARAMS.toArray(String[]::new));
        JsonNode body = Requests.jsonBody(ctx, api);
        CatalogSnapshot snap = api.engine().catalog();
        List<StoredEvent> parsed = parseSession(api, body, api.engine().config().weighting(),
                System.currentTimeMillis() / 1000);
        for (int i = 0; i < parsed.size(); i++) {
            if (snap.catalog().items().find(parsed.get(i).item()).isEmpty()) {
                throw ApiException.badRequest("events[" + i + "].item: unknown item '" + parsed.get(i).item() + "'");
            }
        }
        int k = intMember(body, "k", api.limits().defaultK(), 1, api.limits().maxK());
        int listed = intMember(body, "events_listed", GetExplanation.MAX_EVENTS_DEFAULT, 0, 100_000);
        boolean explain = !body.has("explain") || body.get("explain").asBoolean(true);
        if (body.has("explain") && !body.get("explain").isBoolean()) {
            throw ApiException.badRequest("explain: must be true or false");
        }
        String model = api.ranker().modelName(text(body, "model"));
        if (!api.ranker().registry().serves(model)) {
            throw ApiException.badRequest("model: '" + model + "' is not served (served: "
                    + String.join(", ", api.ranker().registry().names()) + ")");
        }
        Requests.answeredBy(ctx, model);
        String method = text(body, "method");
        String rawLang = text(body, "lang");
        Lang lang = rawLang == null ? Lang.EN : Lang.parse(rawLang);
        if (lang == null) {
            throw ApiException.badRequest("lang: '" + rawLang + "' is not one of en, zh");
        }
        Ranker.Filter filter = GetRecommendations.filter(ctx, snap);
        UserState session = UserState.empty("anonymous").withEvents(parsed);
        Ranker.Ranking r = GetRecommendations.serve(() -> api.admission().explain(
                Admission.estimate(api.ranker(), session, model, k, explain, method), "k",
                () -> api.ranker().recommend(session, model, k, explain, method, filter)));
        ctx.status(200).contentType("application/json; charset=utf-8")
                .result(GetRecommendations.body(api, session, r, k, lang, listed));
    }

    /**
     * The session of a body: its members checked against the known ones, and its {@code events} parsed as by
     * {@code POST /v1/events} (ids given as {@code session:<i>}, the user {@code anonymous}, arrival order i + 1).
     * Whether the items are in the catalogue is left to the caller.
     *
     * @throws ApiException 400 naming the first bad member or field
     */
    static List<StoredEvent> parseSession(ApiContext api, JsonNode body, EventWeighting weighting, long now) {
        if (!body.isObject()) {
            throw ApiException.badRequest("body: must be a JSON object with an \"events\" array");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!MEMBERS.contains(f)) {
                throw ApiException.badRequest(f + ": unknown member; known: " + String.join(", ",
                        new java.util.TreeSet<>(MEMBERS)));
            }
        }
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw ApiException.badRequest("events: must be an array of events");
        }
        if (events.size() > api.limits().maxBatch()) {
            throw ApiException.badRequest("events: more than " + api.limits().maxBatch() + " events");
        }
        List<StoredEvent> parsed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = PostEvents.parse(api, events.get(i), "events[" + i + "]", weighting, now,
                    "session:" + i, "anonymous");
            parsed.add(new StoredEvent(e.eventId(), "anonymous", e.item(), e.ts(), e.type(), e.value(), i + 1));
        }
        return parsed;
    }

    private static String text(JsonNode body, String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(member + ": must be a string");
        }
        return n.asText();
    }

    private static int intMember(JsonNode body, String member, int dflt, int min, int max) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw ApiException.badRequest(member + ": must be an integer in [" + min + ", " + max + "]");
        }
        return n.asInt();
    }
}
