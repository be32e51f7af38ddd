package io.whyrec.server.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import io.whyrec.core.data.InputRules;
import io.whyrec.server.auth.Caller;

/**
 * The checks every endpoint shares: reading the caller, requiring the admin or the path's user, parsing the JSON
 * body with an error that says where it broke, and reading bounded numeric and boolean query parameters. Every
 * failure is an {@link ApiException} whose message names the field.
 */
public final class Requests {

    /** Request attribute under which the caller is stored by the authentication filter. */
    public static final String CALLER = "whyrec.caller";

    /** Request attribute: the request id ({@link RequestIds}), set for every request before its handler. */
    public static final String REQUEST_ID = "whyrec.requestId";

    /** Request attribute: {@link System#nanoTime()} when the request arrived. */
    public static final String STARTED = "whyrec.started";

    /** Request attribute: the served model that answered (a metrics tag and an access-log field). */
    public static final String MODEL = "whyrec.model";

    /** Request attribute: the audited admin action of the request, when it is one. */
    public static final String AUDIT = "whyrec.audit";

    private Requests() {
    }

    /**
     * Names the served model that answers this request, for its metrics and access-log line. Call it only with a
     * name the registry serves, so that the number of metric series stays bounded.
     */
    public static void answeredBy(Context ctx, String model) {
        ctx.attribute(MODEL, model);
    }

    /**
     * Marks this request as an audited admin action ("token_issue", "user_erasure", "model_refit",
     * "items_upsert"): when it finishes, one audit line is logged with the request id, the action, the status and
     * the hashed user, whether or not the access log is on.
     */
    public static void audit(Context ctx, String action) {
        ctx.attribute(AUDIT, action);
    }

    /** The caller identified for this request. */
    public static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        return c == null ? Caller.ANONYMOUS : c;
    }

    /** Requires the admin API key: 401 without credentials, 403 with a user token. */
    public static void requireAdmin(Context ctx) {
        Caller c = caller(ctx);
        if (!c.authenticated()) {
            throw ApiException.unauthorized("this endpoint needs the admin API key in the X-Admin-Key header");
        }
        if (!c.admin()) {
            throw ApiException.forbidden("this endpoint is for the administrator only");
        }
    }

    /** Requires the admin or a token of the given user: 401 without credentials, 403 for another user's token. */
    public static void requireUser(Context ctx, String user) {
        Caller c = caller(ctx);
        if (!c.authenticated()) {
            throw ApiException.unauthorized("this endpoint needs a user token (Authorization: Bearer ...) or the "
                    + "admin API key");
        }
        if (!c.mayActFor(user)) {
            throw ApiException.forbidden("the token is for another user; a user may only read and edit their own "
                    + "profile");
        }
    }

    /** Requires any valid credential. */
    public static void requireAuthenticated(Context ctx) {
        if (!caller(ctx).authenticated()) {
            throw ApiException.unauthorized("this endpoint needs a user token or the admin API key");
        }
    }

    /**
     * The body of a batch endpoint: a JSON array of at most {@link ApiContext.Limits#maxBatch()} elements.
     *
     * @param what the field name used in messages ("events", "items")
     * @throws ApiException 400 naming {@code what} when the body is not an array or the batch is too large
     */
    public static JsonNode batchBody(Context ctx, ApiContext api, String what) {
        return batch(jsonBody(ctx, api), api, what);
    }

    /**
     * Checks a parsed batch body: a JSON array of at most {@link ApiContext.Limits#maxBatch()} elements.
     *
     * @throws ApiException 400 naming {@code what} when it is not an array or the batch is too large
     */
    public static JsonNode batch(JsonNode body, ApiContext api, String what) {
        if (!body.isArray()) {
            throw ApiException.badRequest(what + ": the body must be a JSON array of " + what);
        }
        if (body.size() > api.limits().maxBatch()) {
            throw ApiException.badRequest(what + ": " + body.size() + " " + what + " in one batch; at most "
                    + api.limits().maxBatch());
        }
        return body;
    }

    /**
     * Parses the body as JSON.
     *
     * @throws ApiException 400 for an empty body or malformed JSON, naming line and column
     */
    public static JsonNode jsonBody(Context ctx, ApiContext api) {
        return parseJson(ctx.body(), api.json());
    }

    /**
     * Parses a request body as one JSON document with the server's strict mapper ({@link #newMapper()}: a key
     * twice in one object and anything after the document are errors).
     *
     * @throws ApiException 400 for an empty body or malformed JSON, naming line and column
     */
    public static JsonNode parseJson(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body: empty; a JSON document is required");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("body: empty; a JSON document is required");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw ApiException.badRequest("body: malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    /**
     * The server's JSON mapper: strict when reading (a duplicate key and trailing tokens after the document are
     * errors), and writing doubles with the shortest digits that read back as the same double.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Schubfach instead of Double.toString: the shortest digits that read back as the same double
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
    }

    /**
     * The one boolean member of a small edit body such as {@code {"excluded": true}}: the default when the body is
     * empty or the member absent (or null), otherwise the member's value.
     *
     * @param body    the raw body, possibly empty
     * @param member  the only member allowed
     * @param dflt    the value for an empty body or an absent member; null when the member is required
     * @throws ApiException 400 for malformed JSON, a body that is not an object, another member, a missing
     *                      required member or a value that is not a boolean, naming the member
     */
    public static boolean booleanMember(String body, ObjectMapper json, String member, Boolean dflt) {
        if ((body == null || body.isBlank()) && dflt != null) {
            return dflt;
        }
        JsonNode n = parseJson(body, json);
        if (!n.isObject()) {
            throw ApiException.badRequest("body: must be a JSON object like {\"" + member + "\": true}");
        }
        for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals(member)) {
                throw ApiException.badRequest(f + ": unknown field; known: " + member);
            }
        }
        JsonNode x = n.get(member);
        if (x == null || x.isNull()) {
            if (dflt == null) {
                throw ApiException.badRequest(member + ": missing");
            }
            return dflt;
        }
        if (!x.isBoolean()) {
            throw ApiException.badRequest(member + ": must be true or false");
        }
        return x.asBoolean();
    }

    /** An id from the path, checked for length. */
    public static String pathId(Context ctx, String name, ApiContext api) {
        String v = ctx.pathParam(name);
        checkId(v, name, api);
        return v;
    }

    /**
     * The user of the path ({@code {user}}), checked like every id, as it is stored: its pseudonym when the data
     * directory is pseudonymised ({@link ApiContext#storedUser}), so the platform keeps using its own ids and
     * nothing behind the door sees them.
     */
    public static String pathUser(Context ctx, ApiContext api) {
        return api.storedUser(pathId(ctx, "user", api));
    }

    /**
     * The dense index of the catalogue item named by a path parameter, in a catalogue snapshot.
     *
     * @throws ApiException 400 for a bad id, 404 for an item the catalogue does not hold
     */
    public static int pathItem(Context ctx, String name, ApiContext api, io.whyrec.server.live.CatalogSnapshot snap) {
        String id = pathId(ctx, name, api);
        return snap.catalog().items().find(id).orElseThrow(
                () -> ApiException.notFound(name + ": unknown item '" + id + "'"));
    }

    /**
     * Checks an id by the rules every importer applies ({@link InputRules#idProblem}: printable, valid UTF-16, at
     * most {@value InputRules#MAX_ID_BYTES} UTF-8 bytes) and the configured {@link ApiContext.Limits#maxIdLength()}.
     *
     * @throws ApiException 400 naming the field and what is wrong, e.g.
     *                      {@code events[0].user: contains the control character U+0000 at position 1}
     */
    public static void checkId(String v, String field, ApiContext api) {
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest(field + ": missing");
        }
        String problem = InputRules.idProblem(v);
        if (problem != null) {
            throw ApiException.badRequest(field + ": " + problem);
        }
        int bytes = v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > api.limits().maxIdLength()) {
            throw ApiException.badRequest(field + ": id of " + bytes + " UTF-8 bytes; at most "
                    + api.limits().maxIdLength());
        }
    }

    /**
     * Checks a free text such as a title: the character rules of {@link InputRules#textProblem} and a length.
     *
     * @throws ApiException 400 naming the field
     */
    public static void checkText(String v, String field, int maxChars) {
        if (v.length() > maxChars) {
            throw ApiException.badRequest(field + ": must be a string of at most " + maxChars + " characters");
        }
        String problem = InputRules.textProblem(v);
        if (problem != null) {
            throw ApiException.badRequest(field + ": " + problem);
        }
    }

    /**
     * Refuses a query parameter outside the known ones with a 400 naming it (a mistyped parameter would otherwise
     * be ignored silently).
     */
    public static void onlyQuery(Context ctx, String... known) {
        java.util.Set<String> allowed = java.util.Set.of(known);
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("query parameter '" + name + "' is not known here" + (known.length == 0
                        ? " (this route takes none)" : " (known: " + String.join(", ", new java.util.TreeSet<>(allowed))
                        + ")"));
            }
        }
    }

    /** An integer query parameter in [min, max], or the default when absent. */
    public static int intQuery(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": '" + raw + "' is not an integer");
        }
        if (v < min || v > max) {
            throw ApiException.badRequest(name + ": " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A boolean query parameter ("true" or "false"), or the default when absent. */
    public static boolean boolQuery(Context ctx, String name, boolean dflt) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return dflt;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiException.badRequest(name + ": '" + raw + "' is not true or false");
    }

    /** A response body serialised to JSON bytes. */
    public static byte[] bytes(ApiContext api, Object body) {
        try {
            return api.json().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response", e);
        }
    }

    /** Answers with a JSON document and a status. */
    public static void json(Context ctx, ApiContext api, int status, Object body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(bytes(api, body));
    }
}
