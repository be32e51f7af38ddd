package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DELETE /v1/users/{user}} — erases a user (admin API key required): every row holding the user id in every
 * table (events, tag edits, personalisation, the user row) is deleted in one transaction, then the in-memory
 * state and the user's part of the item counts. Answers 200 {@code {"user": ..., "deletedRows": {"events": 12,
 * ...}}}; erasing an unknown user deletes nothing and still answers 200.
 *
 * <p>Errors: 401/403 without the admin key.
 */
public final class DeleteUser implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public DeleteUser(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.audit(ctx, "user_erasure"); // refused attempts are audited too
        Requests.requireAdmin(ctx);
        String user = Requests.pathId(ctx, "user", api);
        Map<String, Integer> rows = api.engine().erase(user);
        api.cache().forget(user);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("deletedRows", rows);
        Requests.json(ctx, api, 200, out);
    }
}
