package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.whyrec.server.feedback.SatisfactionReport;

/**
 * {@code GET /v1/admin/satisfaction} — the satisfaction report over every stored explanation answer (the admin
 * key): the helpful rate with its 95% Wilson interval overall and per model, method, narrator, language and arm,
 * and for each two arms the difference with Newcombe's 95% interval ({@link SatisfactionReport#toJson()}; the
 * same figures as {@code whyrec report satisfaction}).
 *
 * <p>Errors: 400 for any query parameter; 401 without credentials; 403 with a user token.
 */
public final class GetSatisfaction implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetSatisfaction(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        Requests.requireAdmin(ctx);
        Requests.onlyQuery(ctx);
        Requests.json(ctx, api, 200, SatisfactionReport.of(api.store().loadFeedback()).toJson());
    }
}
