package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /metrics} — Prometheus text exposition (no credentials; bind the server to loopback or put it behind
 * the platform's network policy): request counts and time per route and status, ingested and duplicate events,
 * and the sizes of the live state.
 */
public final class GetMetrics implements Handler {

    private final ApiContext api;

    /** The endpoint over the shared context. */
    public GetMetrics(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(Context ctx) {
        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(api.metrics().scrape());
    }
}
