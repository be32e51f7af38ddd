package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.privacy.AuditLog;
import io.whyrec.server.auth.UserTokens;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /v1/users/{user}/token?ttl=SECONDS} — issues a signed token with which that user (and only that
 * user) reads and edits their own profile (admin API key required; the platform hands the token to its user's
 * browser). {@code ttl} is the lifetime in seconds, 60..2,592,000, default 86,400.
 *
 * The token carries the user's current token generation: it stops working when the user is erased. The issue is
 * recorded in the audit log under the user's keyed pseudonym.
 *
 * <p>Answers 200 {@code {"user": "...", "token": "v2....", "expiresAt": 1700086400}}.
 * Errors: 400 for a bad ttl or user id; 401/403 without the admin key.
 */
public final class PostToken implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public PostToken(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.audit(ctx, "token_issue"); // refused attempts are audited too
        Requests.requireAdmin(ctx);
        String user = Requests.pathUser(ctx, api);
        int ttl = Requests.intQuery(ctx, "ttl", (int) UserTokens.DEFAULT_TTL_SECONDS, 60, 2_592_000);
        long expires = System.currentTimeMillis() / 1000 + ttl;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("token", api.auth().issue(user, expires));
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("user", "hmac-sha256:" + api.auth().generations().keys().of(user));
        audit.put("tokenGeneration", api.auth().generations().current(user));
        audit.put("expiresAt", expires);
        AuditLog.record(api.audit(), "token.issue", audit);
        out.put("expiresAt", expires);
        Requests.json(ctx, api, 200, out);
    }
}
