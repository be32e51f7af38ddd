package io.whyrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.testing.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end tests over real HTTP on 127.0.0.1 (a free port) against a real database ({@link #backend}: a SQLite
 * file in a temporary directory in {@link ServerTest}, PostgreSQL in {@link PostgresServerIT}): ingestion,
 * profile and list changes, muting, erasure, idempotency, error statuses and restarts.
 *
 * <p>Fixture: 40 items; item i has tag {@code G[i % 5]} and, when i % 3 == 0, also {@code G[(i + 1) % 5]}, with
 * G = [Sci-Fi, Drama, Comedy, Horror, Romance]. User u1 first rates the Comedy-only items 2, 7 and 17 (none is a
 * multiple of 3) five stars, so Comedy is 100% of the profile; then the eight Sci-Fi items 0, 5, ..., 35 (0, 15
 * and 30 also carry Drama). Sci-Fi then holds 5 + 3 * 0.5 = 6.5 event weights against Comedy's 3 (weights are
 * all close to 1: same rating, same frequency, ages of at most a few days against a 180-day half-life), so it
 * leads the profile.
 */
abstract class ServerContract {

    static final String ADMIN = "test-admin-key-0123456789";
    static final byte[] SECRET = "a-token-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final String[] G = {"Sci-Fi", "Drama", "Comedy", "Horror", "Romance"};

    @TempDir
    Path dir;

    WhyrecServer server;
    Backend backend;

    /** The database of this suite, for a data directory. */
    abstract Backend backend(Path dir);

    /** The configuration of the server under test. */
    ServerConfig config() {
        return backend.configure(ServerConfig.defaults("127.0.0.1", 0, dir).withSecrets(ADMIN, SECRET));
    }
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        backend = backend(dir);
        server = WhyrecServer.start(config().withMaxBodyBytes(64 * 1024));
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            String tags = "\"" + G[i % 5] + "\"" + (i % 3 == 0 ? ",\"" + G[(i + 1) % 5] + "\"" : "");
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Film ").append(i)
                    .append("\",\"tags\":[").append(tags).append("]}");
        }
        Resp r = send("POST", "/v1/items", items.append("]").toString(), ADMIN, null);
        assertEquals(200, r.status, r.body);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.drop();
        }
    }

    private record Resp(int status, String body) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(body);
        }
    }

    private Resp send(String method, String path, String body, String admin, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (admin != null) {
            b.header("X-Admin-Key", admin);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace: " + r.body());
        return new Resp(r.statusCode(), r.body());
    }

    private String token(String user) throws Exception {
        Resp r = send("POST", "/v1/users/" + user + "/token", null, ADMIN, null);
        assertEquals(200, r.status, r.body);
        return r.json().get("token").asText();
    }

    private static String events(String user, String prefix, int[] items, long t0) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < items.length; k++) {
            sb.append(k == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append(k).append("\",\"user\":\"")
                    .append(user).append("\",\"item\":\"i").append(items[k]).append("\",\"ts\":").append(t0 + k * 60L)
                    .append(",\"type\":\"rating\",\"value\":5}");
        }
        return sb.append("]").toString();
    }

    private static final int[] COMEDY = {2, 7, 17};
    private static final int[] SCIFI = {0, 5, 10, 15, 20, 25, 30, 35};

    private static List<String> ids(JsonNode recs) {
        List<String> out = new ArrayList<>();
        recs.get("items").forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    @Test
    void ingestedEventsChangeProfileAndTopTenAtOnce() throws Exception {
        String tok = token("u1");
        assertEquals(200, send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null).status);
        JsonNode p1 = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        assertEquals("Comedy", p1.get("facets").get(0).get("facet").asText());
        assertEquals(1.0, p1.get("facets").get(0).get("share").asDouble(), 1e-12, "3 Comedy-only events");
        List<String> before = ids(send("GET", "/v1/users/u1/recommendations?k=10", null, null, tok).json());

        Resp r = send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        assertEquals(8, r.json().get("stored").asInt());
        JsonNode p2 = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        assertEquals("Sci-Fi", p2.get("facets").get(0).get("facet").asText());
        assertEquals(11, p2.get("numEvents").asInt());
        assertEquals(11, p2.get("events").size(), "timeline lists every event with its w_t");
        JsonNode recs = send("GET", "/v1/users/u1/recommendations?k=10&explain=true", null, null, tok).json();
        List<String> after = ids(recs);
        assertNotEquals(before, after);
        assertEquals(10, after.size());
        for (int i : SCIFI) {
            assertFalse(after.contains("i" + i), "items already rated are excluded");
        }
        JsonNode first = recs.get("items").get(0);
        assertTrue(first.get("tags").toString().contains("Sci-Fi"), "top item is Sci-Fi: " + first);
        JsonNode x = first.get("explanation");
        assertEquals("exact", x.get("method").asText());
        assertTrue(x.get("exactnessError").asDouble() < 1e-9);
        double sum = 0;
        for (JsonNode e : x.get("events")) {
            sum += e.get("contribution").asDouble();
        }
        assertEquals(first.get("score").asDouble(), sum, 1e-9, "contributions sum to the score");
        // the sentence (whyrec-explain's ExplanationText) names the most contributing history item, a Sci-Fi film
        String text = x.get("text").asText();
        String top = x.get("events").get(0).get("title").asText();
        assertTrue(text.startsWith("Recommended because of " + top + " ("), text);
        assertFalse(text.contains("Without"), "no counterfactual clause for method=exact: " + text);
    }

    @Test
    void mutingTheTopFacetRemovesItFromRankingExplanationsAndProfile() throws Exception {
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        JsonNode before = send("GET", "/v1/users/u1/recommendations?k=10&explain=true", null, null, tok).json();
        assertTrue(before.toString().contains("\"facet\":\"Sci-Fi\""), "Sci-Fi is cited before muting");

        Resp m = send("PUT", "/v1/users/u1/tags/Sci-Fi", null, null, tok);
        assertEquals(200, m.status, m.body);
        for (String lang : List.of("en", "zh")) {
            JsonNode after = send("GET", "/v1/users/u1/recommendations?k=10&explain=true&lang=" + lang, null, null,
                    tok).json();
            for (JsonNode it : after.get("items")) {
                for (JsonNode f : it.get("explanation").get("facets")) {
                    assertNotEquals("Sci-Fi", f.get("facet").asText());
                }
                assertFalse(it.get("explanation").get("text").asText().contains("Sci-Fi"));
                assertFalse(it.get("tags").toString().contains("Sci-Fi"), "hidden tags are not shown either");
            }
            assertNotEquals(ids(before), ids(after));
        }
        JsonNode p = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        for (JsonNode f : p.get("facets")) {
            assertNotEquals("Sci-Fi", f.get("facet").asText());
        }
        assertEquals("Comedy", p.get("facets").get(0).get("facet").asText());
        assertEquals("[\"Sci-Fi\"]", p.get("muted").toString());
    }

    /**
     * The profile's summary names only facets of the profile, with the share they add up to; "that's not me" on a
     * phrase (muting the facets it names) takes them out of the summary; it speaks English or Chinese.
     */
    @Test
    void theProfileSummaryIsGroundedAndMutingAPhrasesFacetsRemovesThem() throws Exception {
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        JsonNode p = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        JsonNode summary = p.get("summary");
        assertTrue(summary.get("text").asText().startsWith("Mostly "), summary.toString());
        java.util.Map<String, Double> shares = new java.util.HashMap<>();
        p.get("facets").forEach(f -> shares.put(f.get("facet").asText(), f.get("share").asDouble()));
        JsonNode mostly = summary.get("phrases").get(0);
        assertEquals("mostly", mostly.get("kind").asText());
        double sum = 0;
        List<String> named = new ArrayList<>();
        for (JsonNode f : mostly.get("facets")) {
            assertTrue(shares.containsKey(f.asText()), f + " is not in the profile " + shares.keySet());
            sum += shares.get(f.asText());
            named.add(f.asText());
        }
        assertTrue(mostly.get("text").asText().contains(String.format(java.util.Locale.ROOT, "(%.0f%%", 100 * sum)),
                mostly.toString());
        assertTrue(send("GET", "/v1/users/u1/profile?lang=zh", null, null, tok).json().get("summary").get("text")
                .asText().startsWith("主要是"));
        assertEquals(400, send("GET", "/v1/users/u1/profile?lang=fr", null, null, tok).status);

        for (String f : named) {
            assertEquals(200, send("PUT", "/v1/users/u1/tags/" + f, null, null, tok).status);
        }
        JsonNode after = send("GET", "/v1/users/u1/profile", null, null, tok).json().get("summary");
        for (String f : named) {
            assertFalse(after.get("text").asText().contains(f), after.toString());
        }
    }

    @Test
    void erasureLeavesNoRowWithTheUserIdInAnyTable() throws Exception {
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        send("POST", "/v1/events", events("u2", "t", COMEDY, 1_700_100_000L), ADMIN, null);
        send("PUT", "/v1/users/u1/tags/Drama", null, null, tok);
        JsonNode listed = send("GET", "/v1/users/u1/recommendations?k=1&explain=true", null, null, tok).json()
                .get("items").get(0);
        assertEquals(201, send("POST", "/v1/users/u1/feedback", "{\"item\":\"" + listed.get("item").asText()
                + "\",\"explanationId\":\"" + listed.get("explanation").get("explanationId").asText()
                + "\",\"helpful\":true,\"reason\":\"clear\"}", null, tok).status);
        send("PUT", "/v1/users/u1/personalization", "{\"enabled\": false}", null, tok);
        assertTrue(rowsMentioning("u1") > 0);
        assertEquals(403, send("DELETE", "/v1/users/u1", null, null, tok).status, "erasure is admin-only");
        Resp r = send("DELETE", "/v1/users/u1", null, ADMIN, null);
        assertEquals(200, r.status, r.body);
        assertEquals(8, r.json().get("deletedRows").get("events").asInt());
        assertEquals(1, r.json().get("deletedRows").get("explanation_feedback").asInt(), "the feedback is erased too");
        assertEquals(0, send("GET", "/v1/admin/satisfaction", null, ADMIN, null).json().get("answers").asInt());
        assertEquals(0, rowsMentioning("u1"), "no column of any table holds 'u1'");
        assertTrue(rowsMentioning("u2") > 0, "other users are kept");
        assertTrue(server.engine().user("u1").isEmpty(), "memory is free of u1 too");
        // (issue 11) the token issued before the erasure is revoked by it: 401 on reads and writes, and it
        // recreates nothing; a freshly issued token works and shows an empty profile
        assertEquals(401, send("GET", "/v1/users/u1/profile", null, null, tok).status, "old token after erasure");
        assertEquals(401, send("POST", "/v1/users/u1/events", "[{\"id\":\"n1\",\"item\":\"i1\"}]", null, tok)
                .status, "old token cannot write");
        assertEquals(0, rowsMentioning("u1"), "the old token recreated no row");
        String fresh = token("u1");
        assertTrue(fresh.startsWith("v2."), fresh);
        JsonNode p = send("GET", "/v1/users/u1/profile", null, null, fresh).json();
        assertEquals(0, p.get("numEvents").asInt());
        assertEquals(200, send("GET", "/v1/users/u2/profile", null, null, token("u2")).status, "u2 unaffected");
        server.close();
        server = WhyrecServer.start(config());
        assertEquals(401, send("GET", "/v1/users/u1/profile", null, null, tok).status, "still revoked after restart");
        assertEquals(200, send("GET", "/v1/users/u1/profile", null, null, fresh).status, "the fresh token survives");
    }

    /**
     * (issue 11) Erasing every user of a store seeded from {@code dataset.whyrec} is permanent: the dataset file
     * is rewritten without them, so a restart finds an empty store and seeds nothing of theirs back.
     */
    @Test
    void erasedUsersOfASeededStoreAreNeverSeededAgain() throws Exception {
        server.close();
        server = null;
        Path seeded = dir.resolve("seeded-erase");
        java.nio.file.Files.createDirectories(seeded);
        Map<String, Item> meta = new HashMap<>();
        meta.put("a", new Item("a", "Alien", "", List.of("Sci-Fi")));
        meta.put("b", new Item("b", "Amelie", "", List.of("Comedy")));
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(List.of("a", "b")), meta);
        // user x: a, b; user y: b
        Dataset data = Dataset.fromGrouped(IdIndex.of(List.of("x", "y")), catalog, List.of("rating"),
                new int[]{0, 2, 3}, new int[]{0, 1, 1}, new long[]{100, 200, 300}, new float[]{5, 4, 3},
                new short[]{0, 0, 0});
        Path file = seeded.resolve("dataset.whyrec");
        DatasetFile.write(file, data);
        backend.drop();
        backend = backend(seeded);
        ServerConfig cfg = backend.configure(ServerConfig.defaults("127.0.0.1", 0, seeded).withSecrets(ADMIN, SECRET));
        server = WhyrecServer.start(cfg);
        assertEquals(3, send("GET", "/health", null, null, null).json().get("events").asInt());
        Resp x = send("DELETE", "/v1/users/x", null, ADMIN, null);
        assertEquals(200, x.status, x.body);
        assertEquals(2, x.json().get("datasetEvents").asInt(), "x's two events left the dataset file");
        assertEquals(List.of("y"), DatasetFile.readDataset(file).users().ids());
        assertEquals(200, send("DELETE", "/v1/users/y", null, ADMIN, null).status);
        assertEquals(0, DatasetFile.readDataset(file).numUsers());
        server.close();
        server = WhyrecServer.start(cfg);
        assertEquals(0, send("GET", "/health", null, null, null).json().get("events").asInt(),
                "nothing was seeded again");
        assertEquals(0, send("GET", "/v1/users/x/profile", null, ADMIN, null).json().get("numEvents").asInt());
        String log = java.nio.file.Files.readString(seeded.resolve(io.whyrec.server.privacy.AuditLog.FILE));
        assertEquals(2, log.lines().filter(l -> l.contains("\"action\":\"user.erase\"")).count(), log);
        assertFalse(log.contains("\"x\"") || log.contains("\"y\""), "the audit log names no raw id: " + log);
        assertTrue(io.whyrec.server.privacy.AuditLog.verify(seeded.resolve(io.whyrec.server.privacy.AuditLog.FILE))
                .intact());
    }

    /**
     * (issue 11) After an erasure, GET /v1/models says which fitted model versions still hold the erased user
     * until they are refitted, and a refit that cannot run answers {@code "fitted": false} with the reason
     * instead of reporting the stale model as fitted.
     */
    @Test
    void modelsHoldingAnErasedUserAreNamedAndARefitThatCannotRunSaysSo() throws Exception {
        server.close();
        // EASE over at most 40 items (the catalogue of the suite), refits only when asked
        ServingConfig d = ServingConfig.DEFAULT;
        ServingConfig serving = new ServingConfig(List.of("ease", "pop"), "ease", d.params(), null, false, 40, 0,
                d.refitThreads(), d.counterfactualCandidates(), d.responseCacheBytes(), false, null, null);
        server = WhyrecServer.start(config().withServing(serving));
        postCrowd();
        assertTrue(send("POST", "/v1/models/refit?model=ease", null, ADMIN, null).json().get("fitted").asBoolean());
        send("POST", "/v1/events", events("u9", "z", SCIFI, 1_700_100_000L), ADMIN, null);
        assertTrue(send("POST", "/v1/models/refit?model=ease", null, ADMIN, null).json().get("fitted").asBoolean());
        long version = server.registry().current("ease").version();
        // the background refit the erasure asks for runs after this check or before it: either the version that
        // held u9 is named, or a newer one holds nobody
        JsonNode erased = send("DELETE", "/v1/users/u9", null, ADMIN, null).json();
        for (JsonNode m : erased.get("modelsHoldingErasedUsers")) {
            assertEquals(1, m.get("erasedUsers").asInt(), m.toString());
            assertTrue(List.of("ease", "pop").contains(m.get("model").asText()));
        }
        JsonNode refit = send("POST", "/v1/models/refit?model=ease", null, ADMIN, null).json();
        assertTrue(refit.get("fitted").asBoolean(), refit.toString());
        assertEquals(0, refit.get("erasedUsersHeld").asInt(), "the refitted EASE holds u9 no more");
        assertTrue(server.registry().current("ease").version() > version);
        // one more item than EASE is fitted on: the refit cannot run, and says so
        send("POST", "/v1/items", "[{\"id\":\"i40\",\"title\":\"Film 40\",\"tags\":[]}]", ADMIN, null);
        send("POST", "/v1/events", events("u8", "y", new int[]{40, 1}, 1_700_200_000L), ADMIN, null);
        JsonNode stale = send("POST", "/v1/models/refit?model=ease", null, ADMIN, null).json();
        assertFalse(stale.get("fitted").asBoolean(), stale.toString());
        assertTrue(stale.get("stale").asBoolean(), stale.toString());
        assertTrue(stale.get("reason").asText().contains("more than the 40 EASE is fitted on"), stale.toString());
        JsonNode listed = send("GET", "/v1/models", null, ADMIN, null).json().get("models").get(0);
        assertTrue(listed.get("stale").asBoolean(), listed.toString());
    }

    /**
     * (issue 11 item 5) A server given a pseudonym key on an empty data directory starts a pseudonymised one: the
     * platform's ids arrive on every route (admin events, a token, the profile, a muted tag, the user's own
     * events, an erasure) and no column of any table, and no line of the access log, holds them; the store holds
     * their pseudonyms, the answers name the pseudonym, and a restart without the key, or with another, is refused.
     */
    @Test
    void aPseudonymisedServerStoresNoRawUserId() throws Exception {
        server.close();
        server = null;
        Path pdir = dir.resolve("pseudonymised");
        java.nio.file.Files.createDirectories(pdir);
        backend.drop();
        backend = backend(pdir);
        io.whyrec.core.privacy.Pseudonymizer key = io.whyrec.core.privacy.Pseudonymizer.ofHex("5a".repeat(32), "t");
        Path accessLog = dir.resolve("access.log");
        ServerConfig cfg = backend.configure(ServerConfig.defaults("127.0.0.1", 0, pdir).withSecrets(ADMIN, SECRET))
                .withAccessLog(accessLog.toString()).withPseudonyms(key);
        server = WhyrecServer.start(cfg);
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Film ")
                    .append(i).append("\",\"tags\":[\"").append(G[i % 5]).append("\"]}");
        }
        assertEquals(200, send("POST", "/v1/items", items.append("]").toString(), ADMIN, null).status);
        String kept = "member-000007-x7";
        String gone = "member-000008-x7";
        assertEquals(200, send("POST", "/v1/events", events(kept, "k", SCIFI, 1_700_000_000L), ADMIN, null).status);
        assertEquals(200, send("POST", "/v1/events", events(gone, "g", COMEDY, 1_700_000_000L), ADMIN, null).status);
        String token = token(kept);
        JsonNode profile = send("GET", "/v1/users/" + kept + "/profile", null, null, token).json();
        assertEquals(key.pseudonym(kept), profile.get("user").asText());
        assertEquals(SCIFI.length, profile.get("numEvents").asInt());
        assertEquals(200, send("PUT", "/v1/users/" + kept + "/tags/Drama", "{\"muted\": true}", null, token).status);
        Resp own = send("POST", "/v1/users/" + kept + "/events", "[{\"id\":\"own1\",\"user\":\"" + kept
                + "\",\"item\":\"i2\"}]", null, token);
        assertEquals(200, own.status, own.body);
        Resp other = send("POST", "/v1/users/" + kept + "/events", "[{\"id\":\"own2\",\"user\":\"" + gone
                + "\",\"item\":\"i2\"}]", null, token);
        assertEquals(403, other.status, "a user's token posts for that user only, compared as pseudonyms");
        assertFalse(other.body.contains(gone), other.body);
        assertEquals(200, send("DELETE", "/v1/users/" + gone, null, ADMIN, null).status);
        server.close();
        server = null;

        for (String raw : List.of(kept, gone)) {
            assertEquals(0, rowsMentioning(raw), raw + " in a column");
        }
        assertEquals(0, rowsMentioning(key.pseudonym(gone)), "erased");
        assertTrue(rowsMentioning(key.pseudonym(kept)) >= SCIFI.length + 2, "the store holds the pseudonym");
        String log = java.nio.file.Files.readString(accessLog);
        assertTrue(log.lines().count() >= 7, log);
        assertFalse(log.contains(kept) || log.contains(gone), log);
        assertEquals(key.fingerprint(), io.whyrec.core.data.PseudonymRecord.read(pdir).orElseThrow().fingerprint());

        if (System.getenv(io.whyrec.core.privacy.Pseudonymizer.ENV) == null) {
            IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> WhyrecServer.start(cfg.withPseudonyms(null)));
            assertTrue(none.getMessage().contains("are pseudonymised (key fingerprint " + key.fingerprint()),
                    none.getMessage());
        }
        io.whyrec.core.privacy.Pseudonymizer other2 = io.whyrec.core.privacy.Pseudonymizer.ofHex("6b".repeat(32), "t");
        IllegalArgumentException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> WhyrecServer.start(cfg.withPseudonyms(other2)));
        assertTrue(wrong.getMessage().contains("is not the key of"), wrong.getMessage());
        server = WhyrecServer.start(cfg);
        assertEquals(SCIFI.length + 1, send("GET", "/v1/users/" + kept + "/profile", null, null, token).json()
                .get("numEvents").asInt(), "the same raw id reaches the same user after a restart");
    }

    /** Rows, over every column of every table of the database, equal to a value. */
    private long rowsMentioning(String value) throws Exception {
        try (Connection c = backend.connect()) {
            List<String> tables = backend.tables(c);
            assertTrue(tables.containsAll(List.of("users", "items", "item_tags", "events", "tag_edits",
                    "personalization", "explanation_feedback")), tables.toString());
        }
        return backend.rowsMentioning(value);
    }

    /** The first user names, p1, p2, ..., one in each of the default arms (reasons-2, then reasons-5). */
    private static List<String> oneUserPerDefaultArm() {
        ExplanationArms arms = ExplanationArms.defaults(false);
        String two = null;
        String five = null;
        for (int u = 1; two == null || five == null; u++) {
            String name = "p" + u;
            if (arms.assign(name).reasons() == 2) {
                two = two == null ? name : two;
            } else {
                five = five == null ? name : five;
            }
        }
        return List.of(two, five);
    }

    /** Distinct film titles a sentence names. */
    private static Set<String> filmsNamed(String text) {
        Set<String> out = new HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Film \\d+").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String feedbackBody(String item, String id, String helpful, String extra) {
        return "{\"item\":\"" + item + "\",\"explanationId\":\"" + id + "\",\"helpful\":" + helpful + extra + "}";
    }

    /**
     * (issue 12 item 4) Every explanation carries a deterministic explanation id and the user's arm, and the arm
     * changes the sentence: two users with the same history in the two default arms get the same attribution of
     * the same item, one sentence naming two films, the other five. The single explanation of the item gets the
     * same id and sentence. An answer is stored with what the id says (201), a second answer replaces the first,
     * and the admin report counts them per arm; bad bodies get a 400 naming the field, others' tokens a 403.
     */
    @Test
    void explanationsCarryTheirIdAndArmAndFeedbackIsStoredWithWhatTheIdSays() throws Exception {
        List<String> users = oneUserPerDefaultArm();
        String a = users.get(0);
        String b = users.get(1);
        for (String u : users) {
            send("POST", "/v1/events", events(u, u + "s", SCIFI, 1_700_100_000L), ADMIN, null);
        }
        String ta = token(a);
        String tb = token(b);
        String q = "/recommendations?k=3&explain=true&model=profile";
        JsonNode la = send("GET", "/v1/users/" + a + q, null, null, ta).json().get("items").get(0);
        JsonNode lb = send("GET", "/v1/users/" + b + q, null, null, tb).json().get("items").get(0);
        assertEquals(la.get("item"), lb.get("item"), "same history, same first item");
        String item = la.get("item").asText();
        JsonNode xa = la.get("explanation");
        JsonNode xb = lb.get("explanation");
        for (String f : List.of("item", "contribution")) {
            List<String> ea = new ArrayList<>();
            List<String> eb = new ArrayList<>();
            xa.get("events").forEach(e -> ea.add(e.get(f).asText()));
            xb.get("events").forEach(e -> eb.add(e.get(f).asText()));
            assertEquals(ea, eb, "the same attribution (" + f + ")");
        }
        assertEquals("reasons-2", xa.get("arm").asText());
        assertEquals(2, xa.get("armReasons").asInt());
        assertEquals("reasons-5", xb.get("arm").asText());
        assertEquals(5, xb.get("armReasons").asInt());
        assertFalse(xa.get("armNarrated").asBoolean(), "no narrator configured: " + xa);
        assertFalse(xb.get("armNarrated").asBoolean(), "no narrator configured: " + xb);
        assertEquals(2, filmsNamed(xa.get("text").asText()).size(), xa.get("text").asText());
        assertEquals(5, filmsNamed(xb.get("text").asText()).size(), xb.get("text").asText());
        String id = xa.get("explanationId").asText();
        assertEquals(id, send("GET", "/v1/users/" + a + q, null, null, ta).json().get("items").get(0)
                .get("explanation").get("explanationId").asText(), "deterministic");
        assertNotEquals(id, xb.get("explanationId").asText(), "another user, another id");
        JsonNode single = send("GET", "/v1/users/" + a + "/recommendations/" + item
                + "/explanation?model=profile&method=exact", null, null, ta).json().get("explanation");
        assertEquals(id, single.get("explanationId").asText(), "the same explanation has the same id");
        assertEquals(xa.get("text"), single.get("text"));
        assertEquals(xa.get("armNarrated"), single.get("armNarrated"));
        assertNull(single.get("narrator"), "the template narrator leaves the block out: " + single);

        Resp r = send("POST", "/v1/users/" + a + "/feedback", feedbackBody(item, id, "true",
                ",\"reason\":\"it names the films I rated\""), null, ta);
        assertEquals(201, r.status, r.body);
        JsonNode stored = r.json();
        assertEquals(a, stored.get("user").asText());
        assertEquals(item, stored.get("item").asText());
        assertEquals(id, stored.get("explanationId").asText());
        assertTrue(stored.get("helpful").asBoolean());
        assertEquals("it names the films I rated", stored.get("reason").asText());
        assertEquals("reasons-2", stored.get("arm").asText());
        assertEquals("profile", stored.get("model").asText());
        assertEquals("exact", stored.get("method").asText());
        assertEquals("template", stored.get("narrator").asText());
        assertEquals("en", stored.get("lang").asText());
        assertEquals(201, send("POST", "/v1/users/" + a + "/feedback", feedbackBody(item, id, "false", ""), null, ta)
                .status);
        assertEquals(201, send("POST", "/v1/users/" + b + "/feedback", feedbackBody(item,
                xb.get("explanationId").asText(), "true", ""), null, tb).status);
        JsonNode report = send("GET", "/v1/admin/satisfaction", null, ADMIN, null).json();
        assertEquals(2, report.get("answers").asInt(), "a's second answer replaced the first: " + report);
        assertEquals(1, report.get("helpful").asInt());
        JsonNode arms = report.get("groups").get("arm");
        assertEquals("reasons-2", arms.get(0).get("value").asText());
        assertEquals(0, arms.get(0).get("helpful").asInt());
        assertEquals("reasons-5", arms.get(1).get("value").asText());
        assertEquals(1, arms.get(1).get("helpful").asInt());
        JsonNode c = report.get("arms").get("comparisons").get(0);
        assertEquals("reasons-5", c.get("arm").asText());
        assertEquals(1.0, c.get("difference").asDouble(), 1e-12);

        String path = "/v1/users/" + a + "/feedback";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put(feedbackBody(item, id, "\"yes\"", ""), "helpful: must be true or false");
        bad.put("{\"item\":\"" + item + "\",\"explanationId\":\"" + id + "\"}", "helpful: missing; true or false");
        bad.put("{\"explanationId\":\"" + id + "\",\"helpful\":true}", "item: missing");
        bad.put(feedbackBody("nope", id, "true", ""), "item: unknown item 'nope'");
        bad.put(feedbackBody(item, id, "true", ",\"stars\":5"), "stars: unknown field; known: item, explanationId, "
                + "helpful, reason");
        bad.put(feedbackBody(item, "abc", "true", ""), "explanationId: not an explanation id issued by this server");
        bad.put(feedbackBody("i1".equals(item) ? "i2" : "i1", id, "true", ""), null);
        bad.put(feedbackBody(item, id, "true", ",\"reason\":\"" + "x".repeat(501) + "\""),
                "reason: must be a string of at most 500 characters");
        bad.put(feedbackBody(item, id, "true", ",\"reason\":7"), "reason: must be a string");
        bad.put("[]", "body: must be a JSON object like {\"item\": \"i1\", \"explanationId\": \"...\", \"helpful\": true}");
        for (var e : bad.entrySet()) {
            Resp x = send("POST", path, e.getKey(), null, ta);
            assertEquals(400, x.status, e.getKey() + " -> " + x.body);
            String error = x.json().get("error").asText();
            if (e.getValue() != null) {
                assertEquals(e.getValue(), error, e.getKey());
            } else {
                assertTrue(error.startsWith("explanationId: not issued for user '" + a + "' and item"), error);
            }
        }
        Resp moved = send("POST", "/v1/users/" + b + "/feedback", feedbackBody(item, id, "true", ""), ADMIN, null);
        assertEquals(400, moved.status, "a's id on b's path");
        assertTrue(moved.json().get("error").asText().startsWith("explanationId: not issued for user '" + b + "'"));
        assertEquals(403, send("POST", "/v1/users/" + b + "/feedback", feedbackBody(item, id, "true", ""), null, ta)
                .status, "a's token on b's path");
        assertEquals(401, send("POST", path, feedbackBody(item, id, "true", ""), null, null).status);
        assertEquals(403, send("GET", "/v1/admin/satisfaction", null, null, ta).status, "admin only");
        assertEquals(401, send("GET", "/v1/admin/satisfaction", null, null, null).status);
        assertEquals(400, send("GET", "/v1/admin/satisfaction?by=arm", null, ADMIN, null).status);
        assertEquals(2, send("GET", "/v1/admin/satisfaction", null, ADMIN, null).json().get("answers").asInt(),
                "no refused answer was stored");
        JsonNode paths = send("GET", "/openapi.json", null, null, null).json().get("paths");
        assertTrue(paths.has("/v1/users/{user}/feedback") && paths.has("/v1/admin/satisfaction"), "documented");
    }

    /**
     * Simulated users through the real HTTP API: {@code users} users with three seeded Sci-Fi or Comedy ratings
     * each; each asks for their list with explanations, reads the arm the response names and answers "helpful"
     * with the arm's planted probability (seeded), with their own token. Answers the admin report.
     */
    private JsonNode simulate(int users, Map<String, Double> helpfulByArm, long seed) throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        StringBuilder batch = new StringBuilder("[");
        for (int u = 0; u < users; u++) {
            if (u > 0 && u % 100 == 0) {
                // batches of 100 users' events stay under the suite's 64 KiB body limit
                assertEquals(200, send("POST", "/v1/events", batch.append("]").toString(), ADMIN, null).status);
                batch.setLength(0);
                batch.append('[');
            }
            int[] pool = rnd.nextBoolean() ? SCIFI : COMEDY;
            for (int k = 0; k < 3; k++) {
                batch.append(batch.length() == 1 ? "" : ",").append("{\"id\":\"sim").append(u).append('-').append(k)
                        .append("\",\"user\":\"sim").append(u).append("\",\"item\":\"i")
                        .append(pool[rnd.nextInt(pool.length)]).append("\",\"ts\":").append(1_700_000_000L + k)
                        .append(",\"type\":\"rating\",\"value\":5}");
            }
        }
        assertEquals(200, send("POST", "/v1/events", batch.append("]").toString(), ADMIN, null).status);
        for (int u = 0; u < users; u++) {
            String user = "sim" + u;
            String tok = token(user);
            JsonNode first = send("GET", "/v1/users/" + user + "/recommendations?k=1&explain=true&model=profile",
                    null, null, tok).json().get("items").get(0);
            JsonNode x = first.get("explanation");
            Double p = helpfulByArm.get(x.get("arm").asText());
            assertNotNull(p, "an arm of the configuration: " + x.get("arm"));
            boolean helpful = rnd.nextDouble() < p;
            Resp r = send("POST", "/v1/users/" + user + "/feedback", feedbackBody(first.get("item").asText(),
                    x.get("explanationId").asText(), String.valueOf(helpful), ""), null, tok);
            assertEquals(201, r.status, r.body);
        }
        JsonNode report = send("GET", "/v1/admin/satisfaction", null, ADMIN, null).json();
        assertEquals(users, report.get("answers").asInt());
        System.out.println("simulated satisfaction report (" + users + " users, planted " + helpfulByArm + ", seed "
                + seed + "): " + report);
        for (JsonNode arm : report.get("groups").get("arm")) {
            double planted = helpfulByArm.get(arm.get("value").asText());
            assertTrue(arm.get("low").asDouble() <= planted && planted <= arm.get("high").asDouble(),
                    "the planted rate " + planted + " is inside its arm's interval: " + arm);
        }
        return report;
    }

    /**
     * (issue 12 item 4, acceptance) 400 simulated users answering "helpful" with probability 0.55 in reasons-2
     * and 0.75 in reasons-5: the report finds reasons-5 above reasons-2 with a Newcombe interval that excludes 0.
     */
    @Test
    void simulatedUsersRecoverAPlantedDifferenceBetweenTwoArms() throws Exception {
        JsonNode report = simulate(400, Map.of("reasons-2", 0.55, "reasons-5", 0.75), 20_261_203L);
        JsonNode c = report.get("arms").get("comparisons").get(0);
        assertEquals("reasons-5", c.get("arm").asText());
        assertEquals("reasons-2", c.get("baseline").asText());
        assertTrue(c.get("excludesZero").asBoolean() && c.get("low").asDouble() > 0, c.toString());
        assertTrue(c.get("low").asDouble() <= 0.2 && 0.2 <= c.get("high").asDouble(), "the planted 0.2 is inside: " + c);
    }

    /**
     * (issue 12 item 4, acceptance) Two identical arms (two reasons each) with the same planted rate 0.65: the
     * report shows no difference (the interval includes 0).
     */
    @Test
    void simulatedUsersShowNoDifferenceBetweenTwoIdenticalArms() throws Exception {
        server.close();
        server = WhyrecServer.start(config().withServing(ServingConfig.DEFAULT
                .withArms(ExplanationArms.parse("same-a:2,same-b:2", 7))));
        JsonNode report = simulate(400, Map.of("same-a", 0.65, "same-b", 0.65), 20_261_204L);
        JsonNode c = report.get("arms").get("comparisons").get(0);
        assertEquals("same-b", c.get("arm").asText());
        assertFalse(c.get("excludesZero").asBoolean(), c.toString());
    }

    @Test
    void rePostingABatchStoresNothingTwice() throws Exception {
        String batch = events("u1", "s", SCIFI, 1_700_100_000L);
        JsonNode a = send("POST", "/v1/events", batch, ADMIN, null).json();
        JsonNode b = send("POST", "/v1/events", batch, ADMIN, null).json();
        assertEquals(8, a.get("stored").asInt());
        assertEquals(0, b.get("stored").asInt());
        assertEquals(8, b.get("duplicates").asInt());
        assertEquals(8, send("GET", "/health", null, null, null).json().get("events").asInt());
        assertEquals(8, send("GET", "/v1/users/u1/profile", null, ADMIN, null).json().get("numEvents").asInt());
    }

    @Test
    void badInputAndMissingOrWrongCredentialsGiveClearStatuses() throws Exception {
        String a = token("a");
        String bad = "[{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\"},{\"id\":\"e2\",\"user\":\"a\"}]";
        Resp r = send("POST", "/v1/events", bad, ADMIN, null);
        assertEquals(400, r.status);
        assertEquals("events[1].item: missing", r.json().get("error").asText());
        assertEquals(0, server.engine().numEvents(), "a bad batch stores nothing");
        r = send("POST", "/v1/events", "[{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\",\"value\":7,\"type\":\"rating\"}]",
                ADMIN, null);
        assertEquals(400, r.status);
        assertTrue(r.json().get("error").asText().startsWith("events[0].value:"), r.body);
        r = send("POST", "/v1/events", "[{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\",\"colour\":1}]", ADMIN, null);
        assertTrue(r.json().get("error").asText().startsWith("events[0].colour: unknown field"), r.body);
        r = send("POST", "/v1/events", "[{\"id\": \"e1\", ", ADMIN, null);
        assertEquals(400, r.status);
        assertTrue(r.json().get("error").asText().startsWith("body: malformed JSON at line 1"), r.body);
        r = send("POST", "/v1/events", "{\"id\":\"e1\"}", ADMIN, null);
        assertEquals("events: the body must be a JSON array of events", r.json().get("error").asText());

        assertEquals(401, send("POST", "/v1/events", "[]", null, null).status);
        assertEquals(401, send("POST", "/v1/events", "[]", "wrong-key-wrong-key", null).status);
        assertEquals(403, send("POST", "/v1/events", "[]", null, a).status, "a user token cannot ingest");
        assertEquals(401, send("GET", "/v1/users/a/profile", null, null, null).status);
        assertEquals(401, send("GET", "/v1/users/a/profile", null, null, a + "x").status, "forged token");
        assertEquals(200, send("GET", "/v1/users/a/profile", null, null, a).status);
        assertEquals(403, send("GET", "/v1/users/b/profile", null, null, a).status, "A's token on B's path");
        assertEquals(403, send("PUT", "/v1/users/b/tags/Drama", null, null, a).status);
        assertEquals(403, send("GET", "/v1/users/b/recommendations", null, null, a).status);

        r = send("GET", "/v1/users/a/recommendations?k=0", null, null, a);
        assertEquals("k: 0 is outside [1, 100]", r.json().get("error").asText());
        r = send("GET", "/v1/users/a/recommendations?lang=fr", null, null, a);
        assertEquals("lang: 'fr' is not one of en, zh", r.json().get("error").asText());
        r = send("PUT", "/v1/users/a/personalization", "{\"enabled\": \"no\"}", null, a);
        assertEquals("enabled: must be true or false", r.json().get("error").asText());
        r = send("PUT", "/v1/users/a/tags/NoSuchTag", null, null, a);
        assertEquals(404, r.status);
        assertEquals(404, send("DELETE", "/v1/users/a/events/nope", null, null, a).status);
        assertEquals(404, send("GET", "/v1/nothing-here", null, null, null).status);

        String big = "[" + "{\"id\":\"x\",\"user\":\"a\",\"item\":\"i1\"},".repeat(3000) + "{}]";
        assertEquals(413, send("POST", "/v1/events", big, ADMIN, null).status);
    }

    /**
     * The importers' rules at the API (issue 11): control characters, lone surrogates and over-long ids, integer
     * overflow, negative and huge ratings, objects as ids, duplicate keys and trailing garbage are 400s naming the
     * JSON field, and nothing of a refused batch is stored; an event type of 51 to 200 characters is stored on
     * both databases (PostgreSQL answered 500 before schema V4.1).
     */
    @Test
    void hostileEventsAre400sNamingTheFieldAndLongTypesAreStored() throws Exception {
        String[][] cases = {
            {"{\"id\":\"e1\",\"user\":\"a\\u0000b\",\"item\":\"i1\"}",
                "events[0].user: contains the control character U+0000 at position 1"},
            {"{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\\u001b[31m\"}",
                "events[0].item: contains the control character U+001B at position 2"},
            {"{\"id\":\"e1\",\"user\":\"m\\ud800\",\"item\":\"i1\"}",
                "events[0].user: contains a lone surrogate U+D800 at position 1 (not valid UTF-16)"},
            {"{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\",\"type\":\"" + "t".repeat(201) + "\"}",
                "events[0].type: id of 201 UTF-8 bytes; at most 200"},
            {"{\"id\":\"e1\",\"user\":\"" + "é".repeat(101) + "\",\"item\":\"i1\"}",
                "events[0].user: id of 202 UTF-8 bytes; at most 200"},
            {"{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\",\"ts\":99999999999999999999999}",
                "events[0].ts: must be a non-negative integer (seconds since the epoch)"},
            {"{\"id\":\"e1\",\"user\":{\"a\":1},\"item\":\"i1\"}", "events[0].user: must be a string"},
        };
        for (String[] c : cases) {
            Resp r = send("POST", "/v1/events", "[" + c[0] + "]", ADMIN, null);
            assertEquals(400, r.status, c[0]);
            assertEquals(c[1], r.json().get("error").asText());
        }
        for (String value : new String[] {"-3", "8.7e8", "1e400"}) {
            Resp r = send("POST", "/v1/events", "[{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\",\"type\":"
                    + "\"rating\",\"value\":" + value + "}]", ADMIN, null);
            assertEquals(400, r.status, value);
            assertTrue(r.json().get("error").asText().startsWith("events[0].value:"), r.body);
        }
        Resp dup = send("POST", "/v1/events", "[{\"id\":\"e1\",\"user\":\"a\",\"user\":\"b\",\"item\":\"i1\"}]",
                ADMIN, null);
        assertEquals(400, dup.status);
        assertTrue(dup.json().get("error").asText().contains("Duplicate field 'user'"), dup.body);
        Resp trailing = send("POST", "/v1/events", "[{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\"}] []", ADMIN,
                null);
        assertEquals(400, trailing.status);
        Resp title = send("POST", "/v1/items", "[{\"id\":\"i1\",\"title\":\"A\\u0000\"}]", ADMIN, null);
        assertEquals("items[0].title: contains the control character U+0000 at position 1",
                title.json().get("error").asText());
        assertEquals(0, server.engine().numEvents(), "refused batches store nothing");

        String type = "t".repeat(120);
        Resp ok = send("POST", "/v1/events", "[{\"id\":\"e1\",\"user\":\"a\",\"item\":\"i1\",\"type\":\""
                + type + "\"}]", ADMIN, null);
        assertEquals(200, ok.status, ok.body);
        assertEquals(1, server.engine().numEvents());
    }

    @Test
    void editsSurviveARestart() throws Exception {
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        assertEquals(200, send("PUT", "/v1/users/u1/tags/Sci-Fi", null, null, tok).status);
        assertEquals(200, send("DELETE", "/v1/users/u1/tags/Horror", null, null, tok).status);
        assertEquals(200, send("DELETE", "/v1/users/u1/events/c0", null, null, tok).status);
        // the profile model named: the default (EASE) is fitted only at the restart, on the events stored by then
        JsonNode before = send("GET", "/v1/users/u1/recommendations?k=10&model=profile", null, null, tok).json();
        assertEquals("profile", before.get("method").asText());

        server.close();
        server = WhyrecServer.start(config());
        JsonNode p = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        assertEquals(10, p.get("numEvents").asInt(), "11 events minus the deleted one");
        assertEquals("[\"Sci-Fi\"]", p.get("muted").toString(), "deleted Horror is not listed, muted Sci-Fi is");
        Set<String> facets = new HashSet<>();
        p.get("facets").forEach(f -> facets.add(f.get("facet").asText()));
        assertFalse(facets.contains("Sci-Fi") || facets.contains("Horror"), facets.toString());
        for (JsonNode e : p.get("events")) {
            assertNotEquals("c0", e.get("eventId").asText());
        }
        assertEquals(ids(before), ids(send("GET", "/v1/users/u1/recommendations?k=10&model=profile", null, null,
                tok).json()), "the same list after the restart");
        JsonNode ease = send("GET", "/v1/users/u1/recommendations?k=10", null, null, tok).json();
        assertEquals("ease", ease.get("method").asText(), "the restart fitted the default model on the stored events");

        assertEquals(200, send("PUT", "/v1/users/u1/personalization", "{\"enabled\": false}", null, tok).status);
        server.close();
        server = WhyrecServer.start(config());
        JsonNode off = send("GET", "/v1/users/u1/recommendations?k=5&explain=true", null, null, tok).json();
        assertFalse(off.get("personalized").asBoolean());
        assertEquals("popularity", off.get("method").asText());
        assertTrue(off.get("label").asText().contains("not based on your activity"));
        assertFalse(off.get("items").get(0).has("explanation"));
    }

    @Test
    void healthMetricsOpenApiAndPageAreServed() throws Exception {
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        assertEquals("ready", send("GET", "/health", null, null, null).json().get("status").asText());
        assertEquals("ready", send("GET", "/health/live", null, null, null).json().get("status").asText());
        String metrics = send("GET", "/metrics", null, null, null).body;
        assertTrue(metrics.contains("whyrec_events_ingested_total 8"), metrics);
        assertTrue(metrics.contains("whyrec_http_server_requests_seconds_count{method=\"POST\",model=\"none\","
                + "route=\"/v1/events\",status=\"2xx\"} 1"), metrics);
        JsonNode api = send("GET", "/openapi.json", null, null, null).json();
        assertTrue(api.get("openapi").asText().startsWith("3."));
        assertTrue(api.get("paths").has("/v1/users/{user}/recommendations"));
        Resp page = send("GET", "/", null, null, null);
        assertEquals(200, page.status);
        assertTrue(page.body.contains("whyrec.js"), "the profile page loads its script");
        assertTrue(send("GET", "/whyrec.js", null, null, null).body.contains("/recommendations?k=10&explain=true"));
        JsonNode sim = send("GET", "/v1/items/i0/similar?k=3", null, ADMIN, null).json();
        assertEquals(3, sim.get("similar").size());
        assertEquals(401, send("GET", "/v1/items/i0/similar", null, null, null).status);
    }

    /** Events of several users so that EASE has co-occurrences to learn from. */
    private void postCrowd() throws Exception {
        send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        for (int u = 2; u <= 12; u++) {
            int[] items = new int[8];
            for (int i = 0; i < items.length; i++) {
                items[i] = (u * 7 + i * (u % 3 + 1) * 5) % 40;
            }
            send("POST", "/v1/events", events("v" + u, "v" + u + "-", items, 1_700_000_000L), ADMIN, null);
        }
    }

    /**
     * A user posts their own feedback with their token (POST /v1/users/{user}/events): a not_interested event
     * takes its item out of the list at once; another user's events are a 403, an unknown item a 400 (a user
     * cannot add items), and the admin-only POST /v1/events still refuses the token.
     */
    @Test
    void aUserPostsTheirOwnFeedbackWithTheirToken() throws Exception {
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        List<String> before = ids(send("GET", "/v1/users/u1/recommendations?k=10&model=profile", null, null, tok)
                .json());
        String top = before.get(0);
        Resp r = send("POST", "/v1/users/u1/events", "[{\"id\":\"n1\",\"item\":\"" + top
                + "\",\"type\":\"not_interested\"},{\"id\":\"l1\",\"user\":\"u1\",\"item\":\"i3\",\"type\":\"like\","
                + "\"value\":1}]", null, tok);
        assertEquals(200, r.status, r.body);
        assertEquals(2, r.json().get("stored").asInt());
        List<String> after = ids(send("GET", "/v1/users/u1/recommendations?k=10&model=profile", null, null, tok)
                .json());
        assertFalse(after.contains(top), "the dismissed item left the list: " + after);
        assertFalse(after.contains("i3"), "the liked item is seen: " + after);
        assertEquals(403, send("POST", "/v1/users/u1/events", "[{\"id\":\"x\",\"user\":\"u2\",\"item\":\"i1\"}]",
                null, tok).status);
        assertEquals(403, send("POST", "/v1/users/u2/events", "[{\"id\":\"x\",\"item\":\"i1\"}]", null, tok).status);
        r = send("POST", "/v1/users/u1/events", "[{\"id\":\"x\",\"item\":\"no-such-item\"}]", null, tok);
        assertEquals(400, r.status, r.body);
        assertTrue(r.body().contains("events[0].item"), r.body);
        assertEquals(403, send("POST", "/v1/events", "[{\"id\":\"y\",\"user\":\"u1\",\"item\":\"i1\"}]", null, tok)
                .status, "the admin route stays admin-only");
    }

    /**
     * Excluding events (PUT /v1/users/{user}/events/{eventId}) drops them from every model's ranking, explanation
     * and counterfactual and from the interest facets, while the timeline keeps them marked as excluded; the
     * exclusion survives a restart, 400/403/404 name what was wrong, and including the events again restores the
     * list. Fixture: u1 rated three Comedy and eight Sci-Fi films; the eight Sci-Fi events are excluded.
     */
    @Test
    void excludedEventsLeaveEveryModelButStayInTheTimeline() throws Exception {
        String tok = token("u1");
        postCrowd();
        assertEquals(200, send("POST", "/v1/models/refit", null, ADMIN, null).status);
        List<String> models = List.of("ease", "itemknn", "profile");
        Map<String, List<String>> before = new HashMap<>();
        for (String m : models) {
            before.put(m, ids(send("GET", "/v1/users/u1/recommendations?k=10&model=" + m, null, null, tok).json()));
        }
        assertEquals("Sci-Fi", send("GET", "/v1/users/u1/profile", null, null, tok).json().get("facets").get(0)
                .get("facet").asText());

        assertEquals(404, send("PUT", "/v1/users/u1/events/nope", null, null, tok).status);
        assertEquals(400, send("PUT", "/v1/users/u1/events/s0", "{\"excluded\": \"yes\"}", null, tok).status);
        assertEquals(400, send("PUT", "/v1/users/u1/events/s0", "{\"muted\": true}", null, tok).status);
        assertEquals(403, send("PUT", "/v1/users/u1/events/s0", null, null, token("v2")).status);
        for (int k = 0; k < SCIFI.length; k++) {
            Resp r = send("PUT", "/v1/users/u1/events/s" + k, k == 0 ? null : "{\"excluded\": true}", null, tok);
            assertEquals(200, r.status, r.body);
            assertEquals("excluded", r.json().get("state").asText());
        }
        for (int restart = 0; restart < 2; restart++) {
            for (String m : models) {
                JsonNode recs = send("GET", "/v1/users/u1/recommendations?k=10&explain=true&events=1000"
                        + "&method=counterfactual&model=" + m, null, null, tok).json();
                assertEquals(m, recs.get("method").asText());
                for (JsonNode it : recs.get("items")) {
                    for (int i : SCIFI) {
                        assertNotEquals("i" + i, it.get("item").asText(), "an item u1 rated is never listed");
                    }
                    JsonNode x = it.get("explanation");
                    for (JsonNode e : x.get("events")) {
                        assertTrue(e.get("eventId").asText().startsWith("c"), m + ": an excluded event is cited: " + e);
                    }
                    for (JsonNode e : x.path("counterfactual").path("removedEvents")) {
                        assertTrue(e.asText().startsWith("c"), m + ": a counterfactual removes an excluded event");
                    }
                }
            }
            JsonNode p = send("GET", "/v1/users/u1/profile", null, null, tok).json();
            assertEquals(11, p.get("events").size(), "excluded events stay in the timeline");
            for (JsonNode e : p.get("events")) {
                assertEquals(e.get("eventId").asText().startsWith("s"), e.get("excluded").asBoolean(), e.toString());
            }
            assertEquals("Comedy", p.get("facets").get(0).get("facet").asText(), "Sci-Fi no longer leads");
            for (JsonNode f : p.get("facets")) {
                for (JsonNode e : f.get("evidence")) {
                    assertTrue(e.get("eventId").asText().startsWith("c"), "excluded evidence: " + e);
                }
            }
            server.close();
            server = WhyrecServer.start(config());
        }
        for (int k = 0; k < SCIFI.length; k++) {
            Resp r = send("PUT", "/v1/users/u1/events/s" + k, "{\"excluded\": false}", null, tok);
            assertEquals("included", r.json().get("state").asText(), r.body);
        }
        for (String m : models) {
            assertEquals(before.get(m), ids(send("GET", "/v1/users/u1/recommendations?k=10&model=" + m, null, null,
                    tok).json()), m + ": including the events again restores the list");
        }
        // deleting an excluded event clears its exclusion: posted again (the page's undo), it counts again
        assertEquals(200, send("PUT", "/v1/users/u1/events/c0", null, null, tok).status);
        assertEquals(200, send("DELETE", "/v1/users/u1/events/c0", null, null, tok).status);
        send("POST", "/v1/events", events("u1", "c", new int[] {COMEDY[0]}, 1_700_000_000L), ADMIN, null);
        for (JsonNode e : send("GET", "/v1/users/u1/profile", null, null, tok).json().get("events")) {
            assertFalse(e.get("excluded").asBoolean(), e.toString());
        }
    }

    /**
     * EASE is served after a fit: 503 before, then exact explanations (contributions sum to the score, events
     * named by the user's own event ids); muting Sci-Fi drops the Sci-Fi items' events from EASE's history (their
     * contributions become 0), and no explanation, facet or sentence cites Sci-Fi.
     */
    @Test
    void easeIsServedAfterARefitAndMutingDropsTheTagsEvents() throws Exception {
        String tok = token("u1");
        postCrowd();
        Resp r = send("GET", "/v1/users/u1/recommendations?model=ease", null, null, tok);
        assertEquals(503, r.status, r.body);
        assertTrue(r.json().get("error").asText().startsWith("model: ease is not fitted"), r.body);
        assertEquals(403, send("POST", "/v1/models/refit?model=ease", null, null, tok).status, "refit is admin-only");
        JsonNode fit = send("POST", "/v1/models/refit?model=ease", null, ADMIN, null).json();
        assertTrue(fit.get("fitted").asBoolean(), fit.toString());
        assertEquals(40, fit.get("items").asInt());

        JsonNode recs = send("GET", "/v1/users/u1/recommendations?model=ease&k=5&explain=true&events=1000", null,
                null, tok).json();
        assertEquals("ease", recs.get("method").asText());
        assertEquals(5, recs.get("items").size());
        Set<String> own = new HashSet<>();
        for (int k = 0; k < COMEDY.length; k++) {
            own.add("c" + k);
        }
        for (int k = 0; k < SCIFI.length; k++) {
            own.add("s" + k);
        }
        for (JsonNode it : recs.get("items")) {
            double sum = 0;
            for (JsonNode e : it.get("explanation").get("events")) {
                sum += e.get("contribution").asDouble();
                assertTrue(own.contains(e.get("eventId").asText()), "an event of u1: " + e);
            }
            assertEquals(it.get("score").asDouble(), sum, 1e-6, "EASE contributions sum to the score");
        }

        assertEquals(200, send("PUT", "/v1/users/u1/tags/Sci-Fi", null, null, tok).status);
        for (String lang : List.of("en", "zh")) {
            JsonNode after = send("GET", "/v1/users/u1/recommendations?model=ease&k=5&explain=true&events=1000"
                    + "&method=counterfactual&lang=" + lang, null, null, tok).json();
            for (JsonNode it : after.get("items")) {
                JsonNode x = it.get("explanation");
                for (JsonNode e : x.get("events")) {
                    assertFalse(e.get("eventId").asText().startsWith("s"), "a Sci-Fi event still contributes: " + e);
                }
                for (JsonNode f : x.get("facets")) {
                    assertNotEquals("Sci-Fi", f.get("facet").asText());
                }
                assertFalse(x.get("text").asText().contains("Sci-Fi"), x.get("text").asText());
                assertFalse(it.get("tags").toString().contains("Sci-Fi"));
                assertTrue(x.has("counterfactual"), "method=counterfactual attaches one");
            }
        }
    }

    /**
     * The counterfactual of method=counterfactual is verified: removing its events (deleting them through the
     * API) really drops the item out of the top k.
     */
    @Test
    void aFoundCounterfactualReallyDropsTheItemWhenItsEventsAreDeleted() throws Exception {
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        JsonNode recs = send("GET", "/v1/users/u1/recommendations?k=5&explain=true&method=counterfactual", null,
                null, tok).json();
        JsonNode top = recs.get("items").get(0);
        JsonNode cf = top.get("explanation").get("counterfactual");
        assertTrue(cf.get("found").asBoolean(), cf.toString());
        assertTrue(cf.get("newRank").asInt() > 5);
        assertTrue(top.get("explanation").get("text").asText().contains("Without"),
                top.get("explanation").get("text").asText());
        for (JsonNode e : cf.get("removedEvents")) {
            assertEquals(200, send("DELETE", "/v1/users/u1/events/" + e.asText(), null, null, tok).status);
        }
        List<String> after = ids(send("GET", "/v1/users/u1/recommendations?k=5", null, null, tok).json());
        assertFalse(after.contains(top.get("item").asText()), top.get("item") + " left the top 5: " + after);
    }

    /**
     * Refits swap EASE while requests keep coming: every request in flight succeeds. The reader stays under the
     * default per-token rate (50 requests/s after a burst of 100), so that a 429 of the rate limiter, which an
     * unpaced loop met whenever requests were fast, is still counted as a failure rather than excused.
     */
    @Test
    void refittingUnderLoadFailsNoRequest() throws Exception {
        String tok = token("u1");
        postCrowd();
        send("POST", "/v1/models/refit?model=ease", null, ADMIN, null);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Resp r = send("GET", "/v1/users/u1/recommendations?model=ease&explain=true", null, null, tok);
                    (r.status == 200 ? served : failures).incrementAndGet();
                    Thread.sleep(25);
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        });
        reader.start();
        long version = 0;
        for (int round = 0; round < 5; round++) {
            send("POST", "/v1/events", events("w" + round, "w" + round + "-", new int[]{round, round + 1, 39},
                    1_700_200_000L), ADMIN, null);
            JsonNode fit = send("POST", "/v1/models/refit?model=ease", null, ADMIN, null).json();
            assertTrue(fit.get("version").asLong() > version, "a new model each round: " + fit);
            version = fit.get("version").asLong();
        }
        stop.set(true);
        reader.join();
        assertEquals(0, failures.get());
        assertTrue(served.get() > 0);
    }

    /**
     * (issue 11) A batch the database cannot store (a trigger answering "disk full" for one event in its middle,
     * created through a second connection) is answered 503 with Retry-After, and nothing of it is stored or
     * served; the batches before it stay, and the same batch is stored whole once the disk has room again.
     */
    @Test
    void aBatchTheDatabaseCannotStoreIsA503AndLeavesNothing() throws Exception {
        assertEquals(200, send("POST", "/v1/events", events("d1", "d1-", new int[]{1, 2, 3}, 1_700_000_000L), ADMIN,
                null).status);
        long before = send("GET", "/health", null, null, null).json().get("events").asLong();
        try (java.sql.Connection c = backend.connect(); java.sql.Statement s = c.createStatement()) {
            if (backend.schema() == null) {
                s.execute("CREATE TRIGGER disk_full BEFORE INSERT ON events WHEN NEW.event_id = 'd2-2' "
                        + "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
            } else {
                s.execute("CREATE FUNCTION disk_full() RETURNS trigger AS $$ BEGIN IF NEW.event_id = 'd2-2' THEN "
                        + "RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END IF; RETURN NEW; "
                        + "END $$ LANGUAGE plpgsql");
                s.execute("CREATE TRIGGER disk_full BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION disk_full()");
            }
        }
        String batch = events("d2", "d2-", new int[]{4, 5, 6, 7, 8}, 1_700_000_000L);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/v1/events")).header("X-Admin-Key", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("nothing of it was stored"), r.body());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
        assertFalse(r.body().contains("SQLITE") || r.body().contains("disk_full"), "no database internals: " + r.body());
        assertEquals(before, send("GET", "/health", null, null, null).json().get("events").asLong(),
                "nothing of the failed batch in memory");
        assertEquals(0, send("GET", "/v1/users/d2/profile", null, ADMIN, null).json().get("numEvents").asInt());
        assertEquals(0, backend.rowsMentioning("d2-0") + backend.rowsMentioning("d2-1"),
                "the events before the failing one were not stored");
        try (java.sql.Connection c = backend.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute(backend.schema() == null ? "DROP TRIGGER disk_full" : "DROP TRIGGER disk_full ON events");
        }
        Resp again = send("POST", "/v1/events", batch, ADMIN, null);
        assertEquals(200, again.status, again.body);
        assertEquals(5, again.json().get("stored").asInt());
        assertEquals(before + 5, send("GET", "/health", null, null, null).json().get("events").asLong());
        assertEquals(5, send("GET", "/v1/users/d2/profile", null, ADMIN, null).json().get("numEvents").asInt());
    }

    /**
     * An imported dataset in the data directory seeds an empty store once: its items (with tags) and events are
     * served, and a second start does not seed again (an event deleted since stays deleted).
     */
    @Test
    void anImportedDatasetSeedsAnEmptyStoreOnce() throws Exception {
        server.close();
        server = null;
        Path seeded = dir.resolve("seeded");
        java.nio.file.Files.createDirectories(seeded);
        Map<String, Item> meta = new HashMap<>();
        meta.put("a", new Item("a", "Alien", "", List.of("Sci-Fi", "Horror")));
        meta.put("b", new Item("b", "Amelie", "", List.of("Comedy", "Romance")));
        meta.put("c", new Item("c", "Solaris", "", List.of("Sci-Fi", "Drama")));
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(List.of("a", "b", "c")), meta);
        // user x: a then b; user y: c
        Dataset data = Dataset.fromGrouped(IdIndex.of(List.of("x", "y")), catalog, List.of("rating"),
                new int[]{0, 2, 3}, new int[]{0, 1, 2}, new long[]{100, 200, 300}, new float[]{5, 4, 3},
                new short[]{0, 0, 0});
        DatasetFile.write(seeded.resolve("dataset.whyrec"), data);
        backend.drop();
        backend = backend(seeded); // an empty store of its own (SQLite file or PostgreSQL schema)
        ServerConfig cfg = backend.configure(ServerConfig.defaults("127.0.0.1", 0, seeded).withSecrets(ADMIN, SECRET));
        // (issue 11) what killed writers left: a dead process's temporary file and an earlier version's go at
        // start, a temporary file this live process is writing stays
        Path stale = seeded.resolve(".dataset.whyrec.999999999.7" + io.whyrec.core.files.AtomicFiles.SUFFIX);
        Path legacy = seeded.resolve(".dataset.whyrec123.tmp");
        Path live = seeded.resolve(".ease.model." + ProcessHandle.current().pid() + ".8"
                + io.whyrec.core.files.AtomicFiles.SUFFIX);
        for (Path p : List.of(stale, legacy, live)) {
            java.nio.file.Files.write(p, new byte[]{1});
        }
        server = WhyrecServer.start(cfg);
        assertFalse(java.nio.file.Files.exists(stale) || java.nio.file.Files.exists(legacy),
                "the temporary files of killed writers are removed at start");
        assertTrue(java.nio.file.Files.exists(live), "a live writer's temporary file stays");
        JsonNode p = send("GET", "/v1/users/x/profile", null, ADMIN, null).json();
        assertEquals(2, p.get("numEvents").asInt());
        assertEquals("ds:0", p.get("events").get(0).get("eventId").asText());
        assertEquals("Alien", p.get("events").get(0).get("title").asText());
        assertEquals(3, send("GET", "/health", null, null, null).json().get("events").asInt());
        List<String> recs = ids(send("GET", "/v1/users/x/recommendations?k=1", null, ADMIN, null).json());
        assertEquals(List.of("c"), recs, "Solaris shares Sci-Fi with Alien");
        assertEquals(200, send("DELETE", "/v1/users/y/events/ds:2", null, ADMIN, null).status);
        server.close();
        server = WhyrecServer.start(cfg);
        assertEquals(2, send("GET", "/health", null, null, null).json().get("events").asInt(),
                "seeded once: the deleted event is not seeded again");
    }

    /**
     * With personalisation off the list is the global popularity, which other users' events change: it must not
     * be served from the per-user response cache. i3 gets 1 event, then i9 gets 3, so the top-1 moves to i9.
     */
    @Test
    void thePopularityListFollowsOtherUsersEvents() throws Exception {
        String a = token("a");
        assertEquals(200, send("PUT", "/v1/users/a/personalization", "{\"enabled\": false}", null, a).status);
        send("POST", "/v1/events", events("p2", "p2-", new int[]{3}, 1_700_000_000L), ADMIN, null);
        assertEquals(List.of("i3"), ids(send("GET", "/v1/users/a/recommendations?k=1", null, null, a).json()));
        for (String u : List.of("p3", "p4", "p5")) {
            send("POST", "/v1/events", events(u, u + "-", new int[]{9}, 1_700_000_000L), ADMIN, null);
        }
        assertEquals(List.of("i9"), ids(send("GET", "/v1/users/a/recommendations?k=1", null, null, a).json()));
    }

    /**
     * Every answer carries the security headers, API answers are not cached, and the errors Jetty answers itself
     * (a path with bad UTF-8, sent over a raw socket since no client library sends one) are the API's JSON error
     * shape, not an HTML page.
     */
    @Test
    void everyAnswerHasSecurityHeadersAndJettysOwnErrorsAreJson() throws Exception {
        for (String path : new String[] {"/", "/whyrec.js", "/health", "/v1/models", "/nope"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + path)).header("X-Admin-Key", ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null), path);
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"),
                    path);
            if (path.startsWith("/v1/")) {
                assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), path);
            }
        }
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET /v1/users/%ff%fe/profile HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
            assertTrue(answer.contains("X-Content-Type-Options: nosniff"), answer);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertTrue(json.readTree(body).get("error").asText().contains("bad request"), body);
            assertFalse(answer.contains("<html"), answer);
        }
    }

    /**
     * With differential privacy the popularity list is the ranking of the noisy release (distinct users per item,
     * each user's 2 most recent items, Laplace noise of scale 2 / 0.5 from a fixed test seed), and it is served
     * again unchanged, not redrawn per request and not released again within the refresh interval.
     */
    @Test
    void aPrivatePopularityListRanksTheNoisyReleaseAndKeepsIt() throws Exception {
        send("POST", "/v1/events", events("p1", "p1-", new int[]{1, 2}, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("p2", "p2-", new int[]{2}, 1_700_000_000L), ADMIN, null);
        // p3's first item (i7) is over the cap: only i3 and i4, the two most recent, count
        send("POST", "/v1/events", events("p3", "p3-", new int[]{7, 3, 4}, 1_700_000_000L), ADMIN, null);
        server.close();
        ServingConfig.PrivatePopularity dp = new ServingConfig.PrivatePopularity(
                new io.whyrec.core.privacy.PrivateCounts(0.5, 2), 3600, 77L);
        server = WhyrecServer.start(config().withServing(ServingConfig.DEFAULT.withPrivatePopularity(dp)));
        String a = token("a");
        assertEquals(200, send("PUT", "/v1/users/a/personalization", "{\"enabled\": false}", null, a).status);
        double[] expected = dp.counts().release(40, List.of(new int[]{2, 1}, new int[]{2}, new int[]{4, 3},
                new int[0]), 77L);
        List<String> want = new ArrayList<>();
        io.whyrec.api.Recommender.topK(expected, 10, i -> false).forEach(s -> want.add("i" + s.item()));
        JsonNode first = send("GET", "/v1/users/a/recommendations?k=10", null, null, a).json();
        assertEquals("popularity", first.get("method").asText());
        assertEquals(want, ids(first));
        for (String u : List.of("q1", "q2", "q3", "q4")) {
            send("POST", "/v1/events", events(u, u + "-", new int[]{9}, 1_700_000_000L), ADMIN, null);
        }
        assertEquals(want, ids(send("GET", "/v1/users/a/recommendations?k=10", null, null, a).json()),
                "within the refresh interval the same release is served, whatever changed");
    }

    /**
     * Every served model is reached through one registry: GET /v1/models lists them (EASE tuned on validation,
     * exact for the additive ones, loo for popularity); each answers its own list with the explanation its
     * capability allows; exact of a model that is not additive, an unserved model and an unknown query parameter
     * are 400s naming what was wrong; a user with no events gets the labelled popularity list.
     */
    @Test
    void everyServedModelRanksAndExplainsThroughTheRegistry() throws Exception {
        String tok = token("u1");
        postCrowd();
        JsonNode all = send("POST", "/v1/models/refit", null, ADMIN, null).json();
        assertEquals(4, all.get("models").size(), all.toString());
        JsonNode models = send("GET", "/v1/models", null, null, tok).json();
        assertEquals("ease", models.get("default").asText());
        Set<String> names = new HashSet<>();
        for (JsonNode m : models.get("models")) {
            names.add(m.get("model").asText());
            assertTrue(m.get("fitted").asBoolean(), m.toString());
            assertEquals(m.get("model").asText().equals("pop") ? "loo" : "exact", m.get("explanation").asText());
        }
        assertEquals(Set.of("ease", "itemknn", "profile", "pop"), names);
        JsonNode ranking = send("GET", "/v1/users/u1/profile", null, null, tok).json().get("ranking");
        assertEquals("ease", ranking.get("model").asText(), ranking.toString());
        assertEquals(!ranking.get("weighting").asText().equals("binary"), ranking.get("usesFormula").asBoolean(),
                "the page is told whether the ranking reads the formula: " + ranking);
        JsonNode ease = models.get("models").get(0);
        assertEquals("fitted, tuned on validation", ease.get("source").asText(), ease.toString());
        assertEquals(new io.whyrec.core.model.EaseSpec().tuningGrid().size(), ease.get("trials").size(),
                "every configuration of EaseSpec's grid tried on validation: " + ease);

        for (String model : names) {
            JsonNode recs = send("GET", "/v1/users/u1/recommendations?k=5&explain=true&events=1000&model=" + model,
                    null, null, tok).json();
            assertEquals(model, recs.get("method").asText(), recs.toString());
            assertTrue(recs.get("personalized").asBoolean());
            assertEquals(5, recs.get("items").size());
            for (JsonNode it : recs.get("items")) {
                JsonNode x = it.get("explanation");
                assertEquals(model.equals("pop") ? "loo" : "exact", x.get("method").asText());
                assertTrue(x.has("fidelity"), x.toString());
                if (!model.equals("pop")) {
                    double sum = 0;
                    for (JsonNode e : x.get("events")) {
                        sum += e.get("contribution").asDouble();
                    }
                    assertEquals(it.get("score").asDouble(), sum, 1e-6, model + ": contributions sum to the score");
                } else {
                    assertEquals(0, x.get("nonZeroEvents").asInt(), "popularity reads nothing of the history");
                }
            }
        }
        Resp exactPop = send("GET", "/v1/users/u1/recommendations?explain=true&method=exact&model=pop", null, null,
                tok);
        assertEquals(400, exactPop.status, exactPop.body);
        assertTrue(exactPop.json().get("error").asText().contains("not additive"), exactPop.body);
        Resp unknownModel = send("GET", "/v1/users/u1/recommendations?model=nope", null, null, tok);
        assertEquals(400, unknownModel.status);
        assertTrue(unknownModel.json().get("error").asText().contains("served: ease, itemknn, profile, pop"),
                unknownModel.body);
        Resp typo = send("GET", "/v1/users/u1/recommendations?kk=5", null, null, tok);
        assertEquals(400, typo.status);
        assertTrue(typo.json().get("error").asText().contains("'kk'"), typo.body);

        JsonNode fresh = send("GET", "/v1/users/newcomer/recommendations?k=3&explain=true", null, ADMIN, null).json();
        assertFalse(fresh.get("personalized").asBoolean());
        assertEquals("popularity", fresh.get("method").asText());
        assertTrue(fresh.get("label").asText().contains("No activity"), fresh.toString());
        assertEquals(3, fresh.get("items").size());
        assertTrue(fresh.get("items").get(0).get("score").asDouble()
                >= fresh.get("items").get(2).get("score").asDouble());
    }

    /**
     * A dislike counts against an item: under EASE the disliked item's neighbours score lower than before, and
     * in the profile the disliked item's genre loses share and the dislike is never listed as evidence.
     */
    @Test
    void aDislikeLowersTheItemsFamilyInRankingAndProfile() throws Exception {
        String tok = token("u1");
        postCrowd();
        for (String u : List.of("f1", "f2", "f3", "f4", "f5")) {
            // i5 (u1's Sci-Fi film) goes with i9 and i14 in these users' histories: its family under EASE
            send("POST", "/v1/events", events(u, u + "-", new int[]{5, 9, 14}, 1_700_000_000L), ADMIN, null);
        }
        send("POST", "/v1/models/refit?model=ease", null, ADMIN, null);
        JsonNode before = send("GET", "/v1/users/u1/recommendations?k=30&model=ease&explain=true&events=1000",
                null, null, tok).json();
        JsonNode profileBefore = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        // the item whose score u1's event s1 on i5 (a Sci-Fi film) raises most: i5's family under EASE
        String family = null;
        double lift = 0;
        double familyBefore = 0;
        for (JsonNode it : before.get("items")) {
            for (JsonNode e : it.get("explanation").get("events")) {
                if (e.get("eventId").asText().equals("s1") && e.get("contribution").asDouble() > lift) {
                    lift = e.get("contribution").asDouble();
                    family = it.get("item").asText();
                    familyBefore = it.get("score").asDouble();
                }
            }
        }
        assertNotNull(family, "i5 lifts some listed item: " + before);
        String dislike = "[{\"id\":\"d1\",\"user\":\"u1\",\"item\":\"i5\",\"ts\":1700200000,"
                + "\"type\":\"dislike\",\"value\":1}]";
        assertEquals(200, send("POST", "/v1/events", dislike, ADMIN, null).status);
        JsonNode after = send("GET", "/v1/users/u1/recommendations?k=40&model=ease&explain=true&events=1000", null,
                null, tok).json();
        JsonNode profileAfter = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        assertTrue(share(profileAfter, "Sci-Fi") < share(profileBefore, "Sci-Fi"),
                share(profileBefore, "Sci-Fi") + " -> " + share(profileAfter, "Sci-Fi"));
        for (JsonNode f : profileAfter.get("facets")) {
            for (JsonNode e : f.get("evidence")) {
                assertNotEquals("d1", e.path("eventId").asText(), "a dislike is never evidence of interest");
            }
        }
        Double familyAfter = null;
        for (JsonNode it : after.get("items")) {
            if (it.get("item").asText().equals(family)) {
                familyAfter = it.get("score").asDouble();
                for (JsonNode e : it.get("explanation").get("events")) {
                    if (e.get("item").asText().equals("i5")) {
                        assertEquals(-lift, e.get("contribution").asDouble(), 1e-9, "i5 now counts against it");
                    }
                }
            }
        }
        // i5 counted +1 and now counts -1: the family item loses twice the lift (or leaves the top 40)
        if (familyAfter != null) {
            assertEquals(familyBefore - 2 * lift, familyAfter, 1e-9, family + " lost i5's lift twice");
        }
    }

    /**
     * Why not X: for an item outside u1's top 5 the answer names its rank and gap, and carrying out the change it
     * proposes through the API (deleting the events, posting events on the items to add and not_interested events
     * on the items to dismiss) really brings the item into the top 5 of the same model at the promised rank: an
     * independent re-ranking by the recommendations endpoint.
     */
    @Test
    void whyNotProposesAChangeThatReallyBringsTheItemIn() throws Exception {
        String tok = token("u1");
        postCrowd();
        send("POST", "/v1/models/refit?model=ease", null, ADMIN, null);
        List<String> list = ids(send("GET", "/v1/users/u1/recommendations?k=40&model=ease", null, null, tok).json());
        JsonNode answer = null;
        String target = null;
        for (int r = list.size() - 1; r >= 5 && answer == null; r--) {
            JsonNode a = send("GET", "/v1/users/u1/items/" + list.get(r) + "/why-not?k=5&model=ease", null, null, tok)
                    .json();
            assertEquals("OUTSIDE_LIST", a.get("status").asText(), a.toString());
            assertEquals(r + 1, a.get("rank").asInt(), "the rank of the list: " + a);
            assertTrue(a.get("gap").asDouble() >= 0, a.toString());
            assertFalse(a.get("text").asText().isBlank());
            if (a.has("change") && a.get("change").get("verified").asBoolean()) {
                answer = a;
                target = list.get(r);
            }
        }
        assertNotNull(answer, "a verified change for some item ranked 6..40");
        JsonNode zh = send("GET", "/v1/users/u1/items/" + target + "/why-not?k=5&model=ease&lang=zh", null, null, tok)
                .json();
        assertTrue(zh.get("text").asText().contains("第"), zh.get("text").asText());
        Resp seen = send("GET", "/v1/users/u1/items/i2/why-not?model=ease", null, null, tok);
        assertEquals("SEEN", seen.json().get("status").asText(), "u1 has an event on i2: " + seen.body);
        assertEquals(404, send("GET", "/v1/users/u1/items/nope/why-not", null, null, tok).status);
        JsonNode change = answer.get("change");
        // every part of the change, applied through the API as a user would
        for (JsonNode e : change.get("removedEvents")) {
            assertEquals(200, send("DELETE", "/v1/users/u1/events/" + e.asText(), null, null, tok).status);
        }
        int n = 0;
        for (JsonNode it : change.get("addedItems")) {
            String body = "[{\"id\":\"wn" + n++ + "\",\"user\":\"u1\",\"item\":\"" + it.get("item").asText()
                    + "\",\"ts\":1700300000,\"type\":\"rating\",\"value\":5}]";
            assertEquals(200, send("POST", "/v1/events", body, ADMIN, null).status);
        }
        for (JsonNode it : change.get("dismissedItems")) {
            String body = "[{\"id\":\"wn" + n++ + "\",\"user\":\"u1\",\"item\":\"" + it.get("item").asText()
                    + "\",\"ts\":1700300000,\"type\":\"not_interested\"}]";
            assertEquals(200, send("POST", "/v1/events", body, ADMIN, null).status);
        }
        List<String> after = ids(send("GET", "/v1/users/u1/recommendations?k=5&model=ease", null, null, tok).json());
        assertTrue(after.contains(target), target + " is in the top 5 after the change " + change + ": " + after);
        assertEquals(change.get("newRank").asInt(), after.indexOf(target) + 1, "the rank the answer promised");
    }

    /**
     * Request-time filters on every list (tag/category, exclude, offset, with 400s naming a bad value), an
     * anonymous session ranked from the events of the body, and a list without personalisation that leaves out
     * what the user already has.
     */
    @Test
    void filtersAnonymousSessionsAndTheNonPersonalisedList() throws Exception {
        String tok = token("u1");
        postCrowd();
        send("POST", "/v1/models/refit?model=ease", null, ADMIN, null);
        JsonNode horror = send("GET", "/v1/users/u1/recommendations?k=5&tag=Horror", null, null, tok).json();
        assertEquals(5, horror.get("items").size(), horror.toString());
        for (JsonNode it : horror.get("items")) {
            assertTrue(it.get("tags").toString().contains("\"Horror\""), it.toString());
        }
        assertEquals(ids(horror), ids(send("GET", "/v1/users/u1/recommendations?k=5&category=Horror", null, null,
                tok).json()), "category and tag both name item tags");
        List<String> ten = ids(send("GET", "/v1/users/u1/recommendations?k=10", null, null, tok).json());
        JsonNode page2 = send("GET", "/v1/users/u1/recommendations?k=5&offset=5", null, null, tok).json();
        assertEquals(ten.subList(5, 10), ids(page2));
        assertEquals(6, page2.get("items").get(0).get("rank").asInt(), "ranks count from the head of the list");
        JsonNode without = send("GET", "/v1/users/u1/recommendations?k=10&exclude=" + ten.get(0) + "," + ten.get(3),
                null, null, tok).json();
        assertFalse(ids(without).contains(ten.get(0)) || ids(without).contains(ten.get(3)), without.toString());
        Resp bad = send("GET", "/v1/users/u1/recommendations?exclude=nope", null, null, tok);
        assertEquals(400, bad.status);
        assertTrue(bad.json().get("error").asText().contains("'nope'"), bad.body);

        String session = "{\"events\": [{\"item\": \"i2\", \"ts\": 1700000000, \"type\": \"rating\", \"value\": 5},"
                + " {\"item\": \"i7\", \"ts\": 1700000060, \"type\": \"rating\", \"value\": 5}], \"k\": 3}";
        Resp anon = send("POST", "/v1/recommendations", session, null, tok);
        assertEquals(200, anon.status, anon.body);
        JsonNode a = anon.json();
        assertEquals("anonymous", a.get("user").asText());
        assertTrue(a.get("personalized").asBoolean());
        assertEquals(3, a.get("items").size());
        for (JsonNode it : a.get("items")) {
            assertFalse(Set.of("i2", "i7").contains(it.get("item").asText()), "the session's items are not listed");
            for (JsonNode e : it.get("explanation").get("events")) {
                assertTrue(e.get("eventId").asText().startsWith("session:"), e.toString());
            }
        }
        assertEquals(0, send("GET", "/v1/users/anonymous/profile", null, ADMIN, null).json().get("numEvents").asInt(),
                "a session is stored nowhere");
        JsonNode empty = send("POST", "/v1/recommendations", "{\"events\": []}", null, tok).json();
        assertFalse(empty.get("personalized").asBoolean());
        Resp unknownItem = send("POST", "/v1/recommendations", "{\"events\": [{\"item\": \"zz\"}]}", null, tok);
        assertEquals(400, unknownItem.status);
        assertTrue(unknownItem.json().get("error").asText().startsWith("events[0].item: unknown item 'zz'"),
                unknownItem.body);
        assertEquals(401, send("POST", "/v1/recommendations", session, null, null).status);

        assertEquals(200, send("PUT", "/v1/users/u1/personalization", "{\"enabled\": false}", null, tok).status);
        JsonNode off = send("GET", "/v1/users/u1/recommendations?k=40", null, null, tok).json();
        assertFalse(off.get("personalized").asBoolean());
        for (JsonNode it : off.get("items")) {
            String item = it.get("item").asText();
            for (int c : COMEDY) {
                assertNotEquals("i" + c, item, "an item u1 already has is not offered again");
            }
            for (int c : SCIFI) {
                assertNotEquals("i" + c, item, "an item u1 already has is not offered again");
            }
        }
    }

    /**
     * "Not interested" takes the item out of the user's lists at once, under every served model, and counts
     * against its tags in the profile (never as evidence of interest).
     */
    @Test
    void notInterestedRemovesTheItemFromEveryList() throws Exception {
        String tok = token("u1");
        postCrowd();
        send("POST", "/v1/models/refit", null, ADMIN, null);
        List<String> before = ids(send("GET", "/v1/users/u1/recommendations?k=5&model=ease", null, null, tok).json());
        String top = before.get(0);
        String body = "[{\"id\":\"ni1\",\"user\":\"u1\",\"item\":\"" + top + "\",\"ts\":1700200000,"
                + "\"type\":\"not_interested\",\"value\":1}]";
        assertEquals(200, send("POST", "/v1/events", body, ADMIN, null).status);
        for (String model : List.of("ease", "itemknn", "profile", "pop")) {
            List<String> after = ids(send("GET", "/v1/users/u1/recommendations?k=40&model=" + model, null, null,
                    tok).json());
            assertFalse(after.contains(top), model + " still lists " + top + ": " + after);
        }
        JsonNode p = send("GET", "/v1/users/u1/profile", null, null, tok).json();
        for (JsonNode e : p.get("events")) {
            if (e.get("eventId").asText().equals("ni1")) {
                assertTrue(e.get("weight").asDouble() < 0, "not_interested counts against the item: " + e);
            }
        }
        for (JsonNode f : p.get("facets")) {
            for (JsonNode e : f.get("evidence")) {
                assertNotEquals("ni1", e.path("eventId").asText(), "never evidence of interest");
            }
        }
    }

    private static double share(JsonNode profile, String facet) {
        for (JsonNode f : profile.get("facets")) {
            if (f.get("facet").asText().equals(facet)) {
                return f.get("share").asDouble();
            }
        }
        return 0.0;
    }

    private HttpResponse<String> raw(String path, String admin, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        if (admin != null) {
            b.header("X-Admin-Key", admin);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status, Retry-After header and body of a GET sent from a chosen local address over a raw socket. */
    private String fromAddress(String local, String path, String admin) throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(local, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Admin-Key: " + admin
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The cost budget: with a budget of three counterfactual explanations over u1's 11 events, k=10 with
     * method=counterfactual is a 400 naming the budget, the estimate and k=3 as the largest that fits; k=3 is
     * served, and so are exact explanations and a list without explanations; a why-not answer (its own factor)
     * above the budget is a 400 advising the exact explanation.
     */
    @Test
    void aRequestAboveTheCostBudgetIs400NamingTheBudgetTheEstimateAndWhatToLower() throws Exception {
        long perItem = 11 * (1 + io.whyrec.server.limits.CostBudget.COUNTERFACTUAL);
        long budget = 3 * perItem;
        assertTrue(io.whyrec.server.limits.CostBudget.whyNot(11).cost() > budget, "why-not costs more than 3 items");
        server.close();
        server = WhyrecServer.start(config().withFairUse(io.whyrec.server.limits.FairUse.DEFAULT.withMaxCost(budget)));
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        Resp over = send("GET", "/v1/users/u1/recommendations?k=10&explain=true&method=counterfactual&model=profile",
                null, null, tok);
        assertEquals(400, over.status, over.body);
        String error = over.json().get("error").asText();
        assertTrue(error.startsWith(String.format(java.util.Locale.ROOT, "cost: the estimated cost %,d (11 history "
                + "events x 10 items x %,d for exact+counterfactual) is above the budget of %,d per request", 10 * perItem,
                perItem / 11, budget)), error);
        assertTrue(error.contains("lower k to at most 3 or use method=exact"), error);
        assertEquals(200, send("GET", "/v1/users/u1/recommendations?k=3&explain=true&method=counterfactual"
                + "&model=profile", null, null, tok).status, "k=3 fits the budget");
        assertEquals(200, send("GET", "/v1/users/u1/recommendations?k=10&explain=true&method=exact&model=profile",
                null, null, tok).status);
        assertEquals(200, send("GET", "/v1/users/u1/recommendations?k=100&model=profile", null, null, tok).status);
        Resp whyNot = send("GET", "/v1/users/u1/items/i1/why-not?model=profile", null, null, tok);
        assertEquals(400, whyNot.status, whyNot.body);
        assertTrue(whyNot.json().get("error").asText().contains("method=exact"), whyNot.body);
        assertEquals(200, send("GET", "/v1/users/u1/recommendations/i1/explanation?model=profile&method=exact",
                null, null, tok).status);
        // the anonymous session's list is held to the same budget
        Resp session = send("POST", "/v1/recommendations", "{\"events\": " + events("x", "e", SCIFI, 1_700_100_000L)
                .replace("\"user\":\"x\",", "") + ", \"k\": 10, \"method\": \"counterfactual\", \"model\": "
                + "\"profile\"}", null, tok);
        assertEquals(400, session.status, session.body);
        assertTrue(session.json().get("error").asText().contains("above the budget"), session.body);
        assertTrue(send("GET", "/metrics", null, null, null).body
                .contains("whyrec_requests_refused_total{reason=\"budget\"} 3"));
    }

    /**
     * The gate of expensive requests: while its one permit is held, a counterfactual list, a LIME explanation and a
     * why-not answer are 429s with Retry-After and a JSON body (after a wait of 0 ms), while the cheap requests of
     * the same user (the list, exact explanations, the profile) are served at once; once the permit is free the
     * expensive ones are served.
     */
    @Test
    void expensiveRequestsWaitForThePermitAndCheapOnesNeverDo() throws Exception {
        server.close();
        server = WhyrecServer.start(config().withFairUse(io.whyrec.server.limits.FairUse.DEFAULT.withExpensive(1, 0)));
        String tok = token("u1");
        send("POST", "/v1/events", events("u1", "c", COMEDY, 1_700_000_000L), ADMIN, null);
        send("POST", "/v1/events", events("u1", "s", SCIFI, 1_700_100_000L), ADMIN, null);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> server.admission().gate().run(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        assertTrue(held.await(10, java.util.concurrent.TimeUnit.SECONDS));
        List<String> expensive = List.of("/v1/users/u1/recommendations?k=5&explain=true&method=counterfactual&model=profile",
                "/v1/users/u1/recommendations?k=5&explain=true&method=lime&model=profile",
                "/v1/users/u1/recommendations/i1/explanation?model=profile",
                "/v1/users/u1/items/i1/why-not?model=profile");
        try {
            for (String path : expensive) {
                HttpResponse<String> r = raw(path, null, tok);
                assertEquals(429, r.statusCode(), path + ": " + r.body());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), path);
                String error = json.readTree(r.body()).get("error").asText();
                assertTrue(error.startsWith("busy: 1 expensive request is computed at once"), error);
            }
            for (String path : List.of("/v1/users/u1/recommendations?k=10&model=profile",
                    "/v1/users/u1/recommendations?k=10&explain=true&method=exact&model=profile",
                    "/v1/users/u1/recommendations/i1/explanation?model=profile&method=exact", "/v1/users/u1/profile")) {
                assertEquals(200, raw(path, null, tok).statusCode(), path + " is cheap");
            }
        } finally {
            release.countDown();
            holder.join();
        }
        for (String path : expensive) {
            HttpResponse<String> r = raw(path, null, tok);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
        }
        assertTrue(send("GET", "/metrics", null, null, null).body
                .contains("whyrec_requests_refused_total{reason=\"busy\"} 4"));
    }

    /**
     * Per-token rates: with bursts of 3 and one request per 100 s, a token's 4th request is a 429 with Retry-After
     * and a JSON body naming the rate, while another user's token and the admin key are served.
     */
    @Test
    void aTokenBeyondItsRateGets429WithRetryAfterAndOtherTokensAreServed() throws Exception {
        server.close();
        server = WhyrecServer.start(config().withFairUse(io.whyrec.server.limits.FairUse.DEFAULT
                .withRates(0.01, 3, 0.01, 5)));
        String t1 = token("u1");
        String t2 = token("u2");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, raw("/v1/users/u1/profile", null, t1).statusCode());
        }
        HttpResponse<String> r = raw("/v1/users/u1/profile", null, t1);
        assertEquals(429, r.statusCode(), r.body());
        long retry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 90 && retry <= 100, "one token per 100 s: " + retry);
        assertTrue(json.readTree(r.body()).get("error").asText().startsWith("rate: a user token may make 0.01 "
                + "requests per second (bursts of 3); retry after"), r.body());
        assertEquals(200, raw("/v1/users/u2/profile", null, t2).statusCode(), "another token has its own bucket");
        // the admin key issued 2 tokens: 3 more requests pass, the 6th is refused
        for (int i = 0; i < 3; i++) {
            assertEquals(200, raw("/v1/users/u1/profile", ADMIN, null).statusCode());
        }
        HttpResponse<String> admin = raw("/v1/users/u1/profile", ADMIN, null);
        assertEquals(429, admin.statusCode());
        assertTrue(admin.body().contains("the admin key may make 0.01 requests per second"), admin.body());
    }

    /**
     * 2,000 wrong admin keys from one address meet 429s (after 10 free ones and a few more as the waits run out),
     * with Retry-After; a right key from that address is then refused without being checked, while a right key
     * from another address (127.0.0.2) is served, and the shut-out address's user tokens are served too.
     */
    @Test
    void twoThousandWrongAdminKeysMeet429sAndARightKeyFromAnotherAddressWorks() throws Exception {
        String tok = token("u1");
        Map<Integer, Integer> statuses = new HashMap<>();
        long lastRetry = 0;
        for (int i = 0; i < 2_000; i++) {
            HttpResponse<String> r = raw("/v1/models", "wrong-admin-key-" + i, null);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() == 429) {
                lastRetry = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(json.readTree(r.body()).get("error").asText().startsWith("X-Admin-Key: too many wrong "
                        + "admin keys from this address"), r.body());
            } else {
                assertEquals(401, r.statusCode(), r.body());
            }
        }
        assertEquals(2_000, statuses.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(statuses.getOrDefault(429, 0) >= 1_950, "mostly 429s: " + statuses);
        assertTrue(statuses.getOrDefault(401, 0) >= 11, "the 10 free failures and the one that shut it: " + statuses);
        assertTrue(lastRetry >= 1, "Retry-After " + lastRetry);
        HttpResponse<String> right = raw("/v1/models", ADMIN, null);
        assertEquals(429, right.statusCode(), "a right key from the shut-out address waits too: " + right.body());
        // Linux routes all of 127.0.0.0/8 to the loopback interface; elsewhere 127.0.0.2 may not exist
        boolean secondLoopback;
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
            secondLoopback = true;
        } catch (java.io.IOException e) {
            secondLoopback = false;
        }
        if (secondLoopback) {
            String other = fromAddress("127.0.0.2", "/v1/models", ADMIN);
            assertTrue(other.startsWith("HTTP/1.1 200"), other);
        }
        assertEquals(200, raw("/v1/users/u1/profile", null, tok).statusCode(), "user tokens are not held back");
        assertTrue(send("GET", "/metrics", null, null, null).body.contains("whyrec_requests_refused_total{reason="
                + "\"backoff\"} " + (statuses.get(429) + 1)));
    }
}
