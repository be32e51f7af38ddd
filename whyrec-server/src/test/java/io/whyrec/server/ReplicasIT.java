package io.whyrec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.server.testing.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on loopback (port 0) sharing one PostgreSQL schema, as two replicas are: an event acknowledged by
 * replica A reaches replica B's profile and top-10 within one second through the change feed; an erasure through
 * A leaves no trace on B (memory, token, profile, other users' explanations, the models' erasure bookkeeping)
 * within one second, a mute on A changes B's profile and top-10 within one second, and a refit on A makes B refit
 * on the same events, after which both rank the same top-10 under the fitted default model. The latencies are printed
 * (B is read over HTTP every 25 ms, under the per-token rate limit, and its memory every millisecond). Skipped with
 * a message when {@code $WHYREC_TEST_PG_URL} is unset.
 */
class ReplicasIT {

    private static final String ADMIN = "admin-key-for-replicas";
    private static final byte[] SECRET = "a-token-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final String[] G = {"Comedy", "Sci-Fi", "Drama", "Horror", "Romance"};

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode send(WhyrecServer s, String method, String path, String body, String token) throws Exception {
        HttpResponse<String> r = call(s, method, path, body, token);
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return json.readTree(r.body());
    }

    private HttpResponse<String> call(WhyrecServer s, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        b.header("Content-Type", "application/json");
        if (token == null) {
            b.header("X-Admin-Key", ADMIN);
        } else {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String id, String user, int item, long ts) {
        return "{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"item\":\"i" + item + "\",\"ts\":" + ts
                + ",\"type\":\"rating\",\"value\":5}";
    }

    /** A server on a free loopback port with its own data directory, on the shared PostgreSQL schema. */
    private static WhyrecServer replica(Backend pg, Path dir) {
        return WhyrecServer.start(pg.configure(ServerConfig.defaults("127.0.0.1", 0, dir).withSecrets(ADMIN, SECRET)));
    }

    /** 40 films, film i tagged with genre i mod 5. */
    private void postCatalogue(WhyrecServer s) throws Exception {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Film ")
                    .append(i).append("\",\"tags\":[\"").append(G[i % 5]).append("\"]}");
        }
        send(s, "POST", "/v1/items", items.append("]").toString(), null);
    }

    private static List<String> ids(JsonNode recs) {
        List<String> out = new ArrayList<>();
        recs.get("items").forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    @Test
    void anEventOnOneReplicaReachesTheOtherWithinOneSecond() throws Exception {
        Backend pg = Backend.postgres();
        WhyrecServer a = null;
        WhyrecServer b = null;
        try {
            a = replica(pg, dirA);
            postCatalogue(a);
            StringBuilder comedy = new StringBuilder("[");
            for (int k = 0; k < 3; k++) {
                comedy.append(k == 0 ? "" : ",").append(event("c" + k, "u1", 5 * k, 1_700_000_000L + k));
            }
            send(a, "POST", "/v1/events", comedy.append("]").toString(), null);
            b = replica(pg, dirB);
            String tokA = send(a, "POST", "/v1/users/u1/token", null, null).get("token").asText();
            String tokB = send(b, "POST", "/v1/users/u1/token", null, null).get("token").asText();
            assertEquals(3, send(b, "GET", "/v1/users/u1/profile", null, tokB).get("numEvents").asInt());
            List<String> before = ids(send(b, "GET", "/v1/users/u1/recommendations?k=10", null, tokB));

            // 20 events, one at a time: each acknowledged by A, then B is polled until its profile counts it
            long[] micros = new long[20];
            for (int n = 0; n < micros.length; n++) {
                int item = 1 + 5 * (n % 8);
                send(a, "POST", "/v1/events", "[" + event("s" + n, "u1", item, 1_700_100_000L + n) + "]", null);
                long acked = System.nanoTime();
                int want = 4 + n;
                while (send(b, "GET", "/v1/users/u1/profile", null, tokB).get("numEvents").asInt() != want) {
                    assertTrue(System.nanoTime() - acked < 1_000_000_000L,
                            "replica B did not show event " + n + " within 1 s");
                    Thread.sleep(25); // under the per-token rate of 50 requests a second
                }
                micros[n] = (System.nanoTime() - acked) / 1000;
            }
            JsonNode profileB = send(b, "GET", "/v1/users/u1/profile", null, tokB);
            assertEquals("Sci-Fi", profileB.get("facets").get(0).get("facet").asText(), "B's profile moved to Sci-Fi");
            List<String> afterB = ids(send(b, "GET", "/v1/users/u1/recommendations?k=10", null, tokB));
            assertNotEquals(before, afterB, "B's top-10 changed with A's events");
            // the fitted models are each replica's own fit (A fitted on no events, B on three), so the lists are
            // compared under the live profile model, which ranks from the shared events alone
            assertEquals(ids(send(a, "GET", "/v1/users/u1/recommendations?k=10&model=profile", null, tokA)),
                    ids(send(b, "GET", "/v1/users/u1/recommendations?k=10&model=profile", null, tokB)),
                    "both replicas rank the same profile top-10 for the same events");
            assertEquals(send(a, "GET", "/v1/users/u1/profile", null, tokA).get("numEvents").asInt(),
                    profileB.get("numEvents").asInt());
            // a refit through A is followed by B, which refits on the same events: the fitted default model's
            // top-10 is then the same on both
            String model = io.whyrec.server.live.ServingConfig.DEFAULT.defaultModel();
            // (B refits on its own only every 300 s, past this wait: a new version on B is the announcement's)
            long versionB = b.registry().current(model).version();
            long asked = System.nanoTime();
            send(a, "POST", "/v1/models/refit?model=" + model, null, null);
            double answerMillis = (System.nanoTime() - asked) / 1e6;
            while (b.registry().current(model).version() == versionB) {
                assertTrue(System.nanoTime() - asked < 60_000_000_000L, "B did not refit " + model + " in 60 s");
                Thread.sleep(1);
            }
            double refitMillis = (System.nanoTime() - asked) / 1e6;
            assertEquals(ids(send(a, "GET", "/v1/users/u1/recommendations?k=10", null, tokA)),
                    ids(send(b, "GET", "/v1/users/u1/recommendations?k=10", null, tokB)),
                    "both replicas rank the same " + model + " top-10 once B followed A's refit");
            System.out.printf(java.util.Locale.ROOT, "ReplicasIT: %s refit asked of A: A answered after %.1f ms, B's "
                    + "own refit was swapped in %.1f ms after the request%n", model, answerMillis, refitMillis);
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            System.out.printf("ReplicasIT: A-acknowledged event visible in B's profile: median %.1f ms, max %.1f ms "
                    + "over %d events (poll interval %d ms)%n", (sorted[9] + sorted[10]) / 2000.0,
                    sorted[sorted.length - 1] / 1000.0, sorted.length, WhyrecServer.REPLICA_POLL_MILLIS);
        } finally {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
            pg.drop();
        }
    }

    /** Milliseconds from {@code since} until the condition holds, checked every millisecond; fails after 1 s. */
    private static double millisUntil(long since, java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - since < 1_000_000_000L, what + " not within 1 s");
            Thread.sleep(1);
        }
        return (System.nanoTime() - since) / 1e6;
    }

    /** Milliseconds from {@code since} until B answers a request as wanted, read every 25 ms; fails after 1 s. */
    private double millisUntilAnswer(long since, java.util.concurrent.Callable<Boolean> condition, String what)
            throws Exception {
        while (!condition.call()) {
            assertTrue(System.nanoTime() - since < 1_000_000_000L, what + " not within 1 s");
            Thread.sleep(25);
        }
        return (System.nanoTime() - since) / 1e6;
    }

    @Test
    void anErasureAndAMuteOnOneReplicaApplyOnTheOtherWithinOneSecond() throws Exception {
        Backend pg = Backend.postgres();
        WhyrecServer a = null;
        WhyrecServer b = null;
        String x = "xavier-erased-7";
        try {
            a = replica(pg, dirA);
            postCatalogue(a);
            // a crowd so the fitted models have neighbours: x and y share their Sci-Fi items (i % 5 == 1), y also
            // watches Comedy (i % 5 == 0); x's events are the only ones on i36
            StringBuilder ev = new StringBuilder("[");
            int n = 0;
            for (int k = 0; k < 7; k++) {
                ev.append(n++ == 0 ? "" : ",").append(event("xev" + k, x, 1 + 5 * k, 1_700_000_000L + k));
                ev.append(",").append(event("yev" + k, "yvonne", 1 + 5 * k, 1_700_000_000L + k));
                ev.append(",").append(event("ycv" + k, "yvonne", 5 * k, 1_700_000_100L + k));
                ev.append(",").append(event("zev" + k, "zoe", 2 + 5 * k, 1_700_000_000L + k));
            }
            ev.append(",").append(event("xev7", x, 36, 1_700_000_007L));
            send(a, "POST", "/v1/events", ev.append("]").toString(), null);
            b = replica(pg, dirB);
            WhyrecServer bb = b;
            String tokX = send(b, "POST", "/v1/users/" + x + "/token", null, null).get("token").asText();
            String tokY = send(a, "POST", "/v1/users/yvonne/token", null, null).get("token").asText();
            assertEquals(8, send(b, "GET", "/v1/users/" + x + "/profile", null, tokX).get("numEvents").asInt());
            assertTrue(send(b, "GET", "/v1/users/" + x + "/recommendations?k=10", null, tokX).get("items").size() > 0);
            java.util.Map<String, Long> versions = new java.util.HashMap<>();
            send(b, "GET", "/v1/models", null, null).get("models").forEach(m -> {
                if (m.path("fitted").asBoolean() && !m.get("model").asText().equals("profile")) {
                    versions.put(m.get("model").asText(), m.get("version").asLong());
                }
            });
            assertTrue(!versions.isEmpty(), "B serves fitted models, fitted on x's events");
            assertEquals(1, b.engine().itemCount("i36"));

            // the erasure, through A
            send(a, "DELETE", "/v1/users/" + x, null, null);
            long erased = System.nanoTime();
            double memory = millisUntil(erased, () -> bb.engine().user(x).isEmpty(), "x gone from B's memory");
            double revoked = millisUntilAnswer(erased, () -> call(bb, "GET", "/v1/users/" + x + "/profile", null, tokX)
                    .statusCode() == 401, "x's old token refused by B");
            assertEquals(401, call(b, "GET", "/v1/users/" + x + "/recommendations", null, tokX).statusCode());
            assertEquals(0, b.engine().itemCount("i36"), "x's part of B's item counts is gone");
            // as on one server: a token issued afterwards shows an empty profile
            String fresh = send(b, "POST", "/v1/users/" + x + "/token", null, null).get("token").asText();
            JsonNode empty = send(b, "GET", "/v1/users/" + x + "/profile", null, fresh);
            assertEquals(0, empty.get("numEvents").asInt(), empty.toString());
            assertEquals(0, empty.get("events").size(), empty.toString());
            // no other user's recommendations or explanations on B cite x or x's events, under every model B serves
            for (String model : versions.keySet()) {
                String body = call(b, "GET", "/v1/users/yvonne/recommendations?k=10&explain=true&model=" + model,
                        null, tokY).body();
                assertFalse(body.contains("xev") || body.contains(x), model + ": " + body);
            }
            // B's models fitted before the erasure are named as holding one erased user, unless B refitted them
            for (JsonNode m : send(b, "GET", "/v1/models", null, null).get("models")) {
                String name = m.get("model").asText();
                if (versions.containsKey(name)) {
                    assertTrue(m.get("erasedUsersHeld").asInt() == 1 || m.get("version").asLong() > versions.get(name),
                            "B reports " + name + " as holding the erased user until its refit: " + m);
                }
            }
            assertTrue(b.engine().erasuresAfter(0) == 1, "B remembers the erasure for its models");
            assertEquals(0, pg.rowsMentioning(x), "no row of the shared store names x");

            // a mute through A: B's profile and top-10 of y follow
            List<String> before = ids(send(b, "GET", "/v1/users/yvonne/recommendations?k=10&model=profile", null, tokY));
            send(a, "PUT", "/v1/users/yvonne/tags/Sci-Fi", "{\"muted\": true}", tokY);
            long muted = System.nanoTime();
            double muteMemory = millisUntil(muted, () -> bb.engine().user("yvonne").orElseThrow().hiddenTags()
                    .contains("Sci-Fi"), "the mute in B's memory");
            double muteHttp = millisUntilAnswer(muted, () -> {
                JsonNode p = send(bb, "GET", "/v1/users/yvonne/profile", null, tokY);
                return p.get("muted").toString().contains("Sci-Fi");
            }, "the mute in B's profile");
            JsonNode profile = send(b, "GET", "/v1/users/yvonne/profile", null, tokY);
            profile.get("facets").forEach(f -> assertNotEquals("Sci-Fi", f.get("facet").asText(), profile.toString()));
            List<String> after = ids(send(b, "GET", "/v1/users/yvonne/recommendations?k=10&model=profile", null, tokY));
            assertNotEquals(before, after, "B's top-10 of y changed with the mute");
            assertEquals(ids(send(a, "GET", "/v1/users/yvonne/recommendations?k=10&model=profile", null, tokY)), after,
                    "both replicas rank the same profile top-10 after the mute");
            System.out.printf(java.util.Locale.ROOT, "ReplicasIT: erasure on A: gone from B's memory after %.1f ms, "
                    + "old token 401 on B after %.1f ms (HTTP read every 25 ms); mute on A: in B's memory after "
                    + "%.1f ms, in B's profile after %.1f ms (poll fallback %d ms)%n", memory, revoked, muteMemory,
                    muteHttp, WhyrecServer.REPLICA_POLL_MILLIS);
        } finally {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
            pg.drop();
        }
    }
}
