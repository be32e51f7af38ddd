package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.privacy.Erasure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DELETE /v1/users/{user}} — erases a user everywhere (admin API key required), as {@link Erasure} does:
 * the dataset file of the data directory is rewritten without them, every row holding the user id in every table
 * (events, tag edits, exclusions, personalisation, the user row) is deleted (in the change log that replicas read,
 * the user id is cleared) in one transaction that also revokes every token issued to them, the in-memory state, the item counts and the response cache forget them, the
 * database files are scrubbed, every fitted model is refitted in the background, and the audit log records the
 * erasure under the user's keyed pseudonym. Answers 200 {@code {"user": ..., "deletedRows": {"events": 12, ...},
 * "datasetEvents": 12, "modelsHoldingErasedUsers": [{"model": "ease", "version": 3, "erasedUsers": 1}]}}, the
 * last naming the served model versions still fitted on erased users' events until their refit. Erasing an
 * unknown user deletes nothing and still answers 200; erasing again after an error finishes the erasure.
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
        String user = Requests.pathUser(ctx, api);
        Erasure.Result erased = api.erasure().erase(user);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("deletedRows", erased.rows());
        out.put("datasetEvents", erased.datasetEvents());
        out.put("modelsHoldingErasedUsers", erased.modelsHolding());
        Requests.json(ctx, api, 200, out);
    }
}
