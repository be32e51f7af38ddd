package io.whyrec.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.privacy.AuditLog;
import io.whyrec.api.Item;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/items} — adds or replaces catalogue items (admin API key required).
 *
 * <p>Body: a JSON array of {@code {"id": "i9", "title": "Alien (1979)", "tags": ["Horror", "Sci-Fi"]}}; {@code id}
 * is required, {@code title} defaults to the id, {@code tags} (the facets of the interest profile) to none.
 * Answers 200 {@code {"received": n, "created": c}} after the commit.
 *
 * <p>Errors: 400 naming the field ({@code items[2].tags[1]: must be a string}); 401/403 without the admin key.
 */
public final class PostItems implements Handler {

    /**
     * The items of a batch body, checked field by field.
     *
     * @param body the parsed body, an array (see {@link Requests#batch})
     * @throws ApiException 400 naming the first bad field, e.g. {@code items[2].tags[1]: must be a string}
     */
    static List<Item> parse(ApiContext api, JsonNode body) {
        List<Item> items = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            String at = "items[" + i + "]";
            JsonNode n = body.get(i);
            if (!n.isObject()) {
                throw ApiException.badRequest(at + ": must be a JSON object");
            }
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw ApiException.badRequest(at + "." + f + ": unknown field; known: id, title, tags");
                }
            }
            JsonNode id = n.get("id");
            if (id == null || id.isNull()) {
                throw ApiException.badRequest(at + ".id: missing");
            }
            if (!id.isTextual()) {
                throw ApiException.badRequest(at + ".id: must be a string");
            }
            Requests.checkId(id.asText(), at + ".id", api);
            String title = null;
            JsonNode t = n.get("title");
            if (t != null && !t.isNull()) {
                if (!t.isTextual()) {
                    throw ApiException.badRequest(at + ".title: must be a string of at most 1000 characters");
                }
                Requests.checkText(t.asText(), at + ".title", 1000);
                title = t.asText();
            }
            Set<String> tags = new LinkedHashSet<>();
            JsonNode tg = n.get("tags");
            if (tg != null && !tg.isNull()) {
                if (!tg.isArray()) {
                    throw ApiException.badRequest(at + ".tags: must be an array of strings");
                }
                for (int j = 0; j < tg.size(); j++) {
                    if (!tg.get(j).isTextual()) {
                        throw ApiException.badRequest(at + ".tags[" + j + "]: must be a string");
                    }
                    Requests.checkId(tg.get(j).asText(), at + ".tags[" + j + "]", api);
                    tags.add(tg.get(j).asText());
                }
            }
            items.add(new Item(id.asText(), title, "", List.copyOf(tags)));
        }
        return items;
    }

    private static final Set<String> FIELDS = Set.of("id", "title", "tags");

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostItems(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.audit(ctx, "items_upsert"); // refused attempts are audited too
        Requests.requireAdmin(ctx);
        List<Item> items = parse(api, Requests.batchBody(ctx, api, "items"));
        int created = api.engine().upsertItems(items);
        AuditLog.record(api.audit(), "items.upsert", Map.of("received", items.size(), "created", created));
        Requests.json(ctx, api, 200, Map.of("received", items.size(), "created", created));
    }
}
