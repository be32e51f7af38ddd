package io.whyrec.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.feedback.Feedback;

import java.util.Iterator;
import java.util.Set;

/**
 * {@code POST /v1/users/{user}/feedback} — the user's answer to one explanation: was it helpful? (the user's token
 * or the admin key). Body: {@code {"item": "i7", "explanationId": "...", "helpful": true, "reason": "..."}}, where
 * {@code explanationId} is the id the server gave the explanation of that item for that user (in every
 * explanation of {@code GET .../recommendations?explain=true} and {@code GET .../explanation}) and {@code reason}
 * is optional (at most {@value #MAX_REASON} characters). The model, its version, the method, who wrote the
 * sentence, the language and the user's arm are read from the id ({@link ExplanationIds}), so the answer is
 * stored with what the user actually saw. A second answer to the same explanation id replaces the first. Stored
 * (erased with the user) before the answer 201 with the stored record.
 *
 * <p>Errors: 400 for malformed JSON, an unknown field, a missing or mistyped field, an item the catalogue lacks,
 * a reason that is too long or an explanation id not issued for this user and item (each naming the field);
 * 401/403.
 */
public final class PostFeedback implements Handler {

    /** Longest reason accepted, in characters. */
    public static final int MAX_REASON = 500;

    private static final Set<String> FIELDS = Set.of("item", "explanationId", "helpful", "reason");

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostFeedback(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        String user = Requests.pathUser(ctx, api);
        Requests.requireUser(ctx, user);
        Requests.onlyQuery(ctx);
        JsonNode body = Requests.jsonBody(ctx, api);
        if (!body.isObject()) {
            throw ApiException.badRequest("body: must be a JSON object like {\"item\": \"i1\", \"explanationId\": "
                    + "\"...\", \"helpful\": true}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest(f + ": unknown field; known: item, explanationId, helpful, reason");
            }
        }
        String item = string(body, "item", true);
        Requests.checkId(item, "item", api);
        if (api.engine().catalog().catalog().items().find(item).isEmpty()) {
            throw ApiException.badRequest("item: unknown item '" + item + "'");
        }
        String id = string(body, "explanationId", true);
        if (id.length() > ExplanationIds.MAX_LENGTH) {
            throw ApiException.badRequest("explanationId: longer than " + ExplanationIds.MAX_LENGTH + " characters");
        }
        ExplanationIds.Issued issued;
        try {
            issued = api.ids().read(user, item, id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("explanationId: " + e.getMessage());
        }
        JsonNode h = body.get("helpful");
        if (h == null || h.isNull()) {
            throw ApiException.badRequest("helpful: missing; true or false");
        }
        if (!h.isBoolean()) {
            throw ApiException.badRequest("helpful: must be true or false");
        }
        String reason = string(body, "reason", false);
        if (reason != null) {
            Requests.checkText(reason, "reason", MAX_REASON);
            if (reason.isBlank()) {
                reason = null;
            }
        }
        Feedback stored = api.store().saveFeedback(new Feedback(user, item, id, h.asBoolean(), reason, issued,
                System.currentTimeMillis() / 1000));
        Requests.json(ctx, api, 201, Views.feedback(stored));
    }

    /** A string member: null when absent (or null) and optional. */
    private static String string(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiException.badRequest(field + ": missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        return n.asText();
    }
}
