package io.whyrec.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests to a server on 127.0.0.1 under its admin key, as the page tests make them to set up their fixtures. */
public final class AdminHttp {

    private AdminHttp() {
    }

    /**
     * Sends one request with the {@code X-Admin-Key} header, and a JSON body when there is one.
     *
     * @param http     the client
     * @param port     the server's port on 127.0.0.1
     * @param adminKey the admin key
     * @param method   the HTTP method
     * @param path     the path with its query
     * @param body     the JSON body, or null for none
     * @return the response, whatever its status
     * @throws IOException          when the request fails
     * @throws InterruptedException when the test is interrupted while it waits
     */
    public static HttpResponse<String> send(HttpClient http, int port, String adminKey, String method, String path,
            String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Admin-Key", adminKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
