package io.whyrec.server.api;

import io.javalin.http.Context;
import java.util.Map;

/**
 * The headers every answer carries. The page loads only its own script, style sheet and the API of its own origin
 * (a Content-Security-Policy without inline script or style, no framing, no plugins, no base or form targets
 * elsewhere); browsers must not sniff content types, frame the page, or send the page's address to other sites;
 * API answers (personal data) are never stored by caches.
 */
public final class SecurityHeaders {

    /** Name to value, set on every answer (Jetty's own error answers included, see {@link JsonErrors}). */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                    + "data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                    + "frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }

    /** Sets the headers on an answer; API paths also get {@code Cache-Control: no-store}. */
    public static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
        if (ctx.path().startsWith("/v1/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }
}
