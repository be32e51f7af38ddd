package io.whyrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.server.testing.PrometheusText;
import io.whyrec.server.testing.PrometheusText.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees of a running server, over real HTTP on SQLite: {@code /metrics} scraped after real
 * requests parses with the reference Prometheus parser (and the strict one) and gives a p99 for the
 * recommendations route from its histogram buckets, counted under the route template and the model that
 * answered, never under the raw path; every request gets an {@code X-Request-Id} (a sane incoming one is kept);
 * the access log has one JSON line per request with the hashed user and never the user id, the admin key or a
 * token; the token issue is marked as audited.
 */
class ObservabilityTest {

    static final String ADMIN = "test-admin-key-0123456789";
    static final byte[] SECRET = "a-token-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    /** A user id that must not appear in the access log or the metrics. */
    static final String USER = "alice.private-42";
    static final String ROUTE = "/v1/users/{user}/recommendations";

    @TempDir
    Path dir;

    private WhyrecServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsRequestIdsAndTheAccessLog() throws Exception {
        Path accessLog = dir.resolve("access.log");
        server = WhyrecServer.start(ServerConfig.defaults("127.0.0.1", 0, dir).withSecrets(ADMIN, SECRET)
                .withAccessLog(accessLog.toString()));
        Map<String, String> admin = Map.of("X-Admin-Key", ADMIN, "Content-Type", "application/json");
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Film ").append(i)
                    .append("\",\"tags\":[\"").append(i % 2 == 0 ? "Drama" : "Comedy").append("\"]}");
        }
        assertEquals(200, send("POST", "/v1/items", items.append("]").toString(), admin).statusCode());
        String events = "[{\"id\":\"e1\",\"user\":\"" + USER + "\",\"item\":\"i0\",\"ts\":1700000000,\"type\":\"rating\","
                + "\"value\":5},{\"id\":\"e2\",\"user\":\"" + USER + "\",\"item\":\"i2\",\"ts\":1700000060,"
                + "\"type\":\"rating\",\"value\":4}]";
        assertEquals(200, send("POST", "/v1/events", events, admin).statusCode());
        HttpResponse<String> issued = send("POST", "/v1/users/" + USER + "/token", null, Map.of("X-Admin-Key", ADMIN));
        assertEquals(200, issued.statusCode(), issued.body());
        String token = json.readTree(issued.body()).get("token").asText();
        int requests = 3; // items, events, token

        // 40 recommendation requests with the user's token: timed by the client, counted by the server
        double slowest = 0;
        String answeredBy = null;
        for (int i = 0; i < 40; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = send("GET", "/v1/users/" + USER + "/recommendations?k=3&model=profile", null,
                    Map.of("Authorization", "Bearer " + token));
            slowest = Math.max(slowest, (System.nanoTime() - t) / 1e9);
            assertEquals(200, r.statusCode(), r.body());
            answeredBy = json.readTree(r.body()).get("method").asText();
            requests++;
        }
        // request ids: a sane incoming one is echoed, any other replaced by a generated one
        HttpResponse<String> traced = send("GET", "/health", null, Map.of("X-Request-Id", "trace-7f.3:a_b"));
        assertEquals("trace-7f.3:a_b", traced.headers().firstValue("X-Request-Id").orElse(null));
        HttpResponse<String> odd = send("GET", "/health", null, Map.of("X-Request-Id", "x\"}{injected"));
        String generated = odd.headers().firstValue("X-Request-Id").orElseThrow();
        assertNotEquals("x\"}{injected", generated);
        assertTrue(generated.matches("[0-9a-z]+-[0-9a-z]+"), generated);
        assertNotEquals(generated, send("GET", "/health", null, Map.of()).headers().firstValue("X-Request-Id")
                .orElseThrow(), "ids are unique");
        assertEquals(404, send("GET", "/no/such/path/" + USER, null, Map.of()).statusCode());
        requests += 4;

        String text = send("GET", "/metrics", null, Map.of()).body();
        requests++;
        assertFalse(text.contains(USER), "no raw path or user id in the metrics");
        List<List<Sample>> parsed = new ArrayList<>();
        parsed.add(PrometheusText.parseStrict(text));
        if (PrometheusText.referenceAvailable()) {
            parsed.add(PrometheusText.parseWithReference(text, dir));
        } else {
            System.out.println("ObservabilityTest: the reference parser (python3-prometheus-client) is not installed;"
                    + " checked with the strict parser only");
        }
        for (List<Sample> samples : parsed) {
            Map<String, String> series = Map.of("route", ROUTE, "method", "GET", "status", "2xx", "model", answeredBy);
            assertEquals(40, PrometheusText.select(samples, "whyrec_http_server_requests_seconds_count", series)
                    .get(0).value(), "every request counted under the route template and the model that answered");
            double p99 = PrometheusText.quantile(0.99, PrometheusText.select(samples,
                    "whyrec_http_server_requests_seconds_bucket", series));
            // the server's time is part of the client's, and interpolation stays inside one bucket (< 1.5x)
            assertTrue(p99 > 0 && p99 <= slowest * 1.5, "p99 " + p99 + " s against the client's slowest " + slowest);
            System.out.printf("ObservabilityTest: p99 of %s from the buckets %.3f ms (client's slowest %.3f ms)%n",
                    ROUTE, p99 * 1e3, slowest * 1e3);
            assertEquals(1, PrometheusText.select(samples, "whyrec_http_server_requests_seconds_count",
                    Map.of("route", "unmatched", "status", "4xx")).get(0).value());
            assertEquals(2, PrometheusText.select(samples, "whyrec_events_ingested_total", Map.of()).get(0).value());
            assertTrue(PrometheusText.select(samples, "whyrec_model_version", Map.of("model", "profile")).get(0)
                    .value() >= 1);
            double age = PrometheusText.select(samples, "whyrec_model_age_seconds", Map.of("model", "profile"))
                    .get(0).value();
            assertTrue(age >= 0 && age < 600, "profile model age " + age);
            assertTrue(PrometheusText.select(samples, "whyrec_model_last_fit_timestamp_seconds",
                    Map.of("model", "profile")).get(0).value() > 1.7e9);
            double hits = PrometheusText.select(samples, "whyrec_response_cache_requests_total",
                    Map.of("result", "hit")).get(0).value();
            double misses = PrometheusText.select(samples, "whyrec_response_cache_requests_total",
                    Map.of("result", "miss")).get(0).value();
            assertEquals(40, hits + misses, "every personalised list was a cache hit or a miss");
            assertTrue(hits >= 38, "the same user state and query is served from the cache: " + hits);
            assertFalse(PrometheusText.select(samples, "jvm_gc_memory_allocated_bytes_total", Map.of()).isEmpty());
        }

        server.close(); // flushes the access log
        server = null;
        List<String> lines = Files.readAllLines(accessLog);
        assertEquals(requests, lines.size(), "one line per request");
        Set<String> userHashes = new HashSet<>();
        boolean auditedToken = false;
        for (String line : lines) {
            assertFalse(line.contains(USER) || line.contains(ADMIN) || line.contains(token),
                    "no user id or credential in the access log: " + line);
            JsonNode n = json.readTree(line);
            for (String field : List.of("time", "requestId", "method", "route", "status", "durationMs", "model")) {
                assertTrue(n.has(field), field + " in " + line);
            }
            if (n.has("user")) {
                assertTrue(n.get("user").asText().matches("[0-9a-f]{16}"), line);
                userHashes.add(n.get("user").asText());
            }
            auditedToken |= "token_issue".equals(n.path("audit").asText(null))
                    && n.get("route").asText().equals("/v1/users/{user}/token") && n.get("status").asInt() == 200;
        }
        assertEquals(1, userHashes.size(), "one user, one hash, in every line with a user: " + userHashes);
        assertTrue(auditedToken, "the token issue is marked as audited");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"requestId\":\"trace-7f.3:a_b\"")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"route\":\"unmatched\"") && l.contains("\"status\":404")));
        String modelField = "\"model\":\"" + answeredBy + "\"";
        assertEquals(40, lines.stream().filter(l -> l.contains("\"route\":\"" + ROUTE + "\"")
                && l.contains(modelField)).count());
    }
}
