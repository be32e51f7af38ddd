package io.whyrec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The start-up listener answers health checks while the server starts (503 "starting" with the phase, 200 for
 * liveness, 503 with Retry-After elsewhere) and refuses a busy port with a message that names it and --port.
 */
class StartupListenerTest {

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersStartingUntilClosedAndRefusesABusyPort() throws Exception {
        try (StartupListener listener = StartupListener.bind("127.0.0.1", 0)) {
            int port = listener.port();
            listener.phase("building model ease (1 of 2)");
            HttpResponse<String> health = get(port, "/health");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().startsWith("{\"status\":\"starting\",\"phase\":\"building model ease (1 of 2)\""),
                    health.body());
            assertEquals(503, get(port, "/health/ready").statusCode());
            HttpResponse<String> live = get(port, "/health/live");
            assertEquals(200, live.statusCode());
            assertTrue(live.body().contains("\"starting\""), live.body());
            HttpResponse<String> api = get(port, "/v1/users/1/recommendations");
            assertEquals(503, api.statusCode());
            assertEquals("5", api.headers().firstValue("Retry-After").orElse(""));
            IllegalArgumentException busy = assertThrows(IllegalArgumentException.class,
                    () -> StartupListener.bind("127.0.0.1", port));
            assertTrue(busy.getMessage().contains("127.0.0.1:" + port) && busy.getMessage().contains("--port"),
                    busy.getMessage());
        }
    }
}
