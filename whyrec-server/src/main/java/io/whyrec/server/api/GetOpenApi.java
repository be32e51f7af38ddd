package io.whyrec.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json} — the hand-written OpenAPI 3 description of this API (no credentials), served from
 * the class-path resource {@value #RESOURCE}.
 */
public final class GetOpenApi implements Handler {

    /** Where the document lives on the class path. */
    public static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    /** Reads the document once. */
    public GetOpenApi() {
        try (InputStream in = GetOpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("class-path resource " + RESOURCE + " is missing");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(Context ctx) {
        ctx.status(200).contentType("application/json; charset=utf-8").result(document);
    }
}
