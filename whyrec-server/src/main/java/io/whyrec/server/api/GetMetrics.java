package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /metrics} — the Prometheus text exposition (format 0.0.4) of the server's {@link Metrics}: a latency
 * histogram per route template, method, status class and model, ingestion and response-cache counters, each
 * served model's version, age and last fit, the live-state sizes, and the JVM and process metrics. It needs no
 * credentials, as before (it names no user): bind the server to loopback or put it behind the platform's network
 * policy. The series are listed in docs/serving.md.
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
