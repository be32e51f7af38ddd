package io.whyrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance scenario on real data: {@code ml-100k/ua.base} imported into a data directory, served by a
 * server that seeds its store from it. User 1 then rates 100 films they have not seen of the genre G that is not
 * their top interest and has most such films (five stars, after their last event): G becomes their top interest
 * and the top-10 changes to mostly G films; muting G leaves no explanation,
 * of either model, citing it; erasing the user leaves no row with their id in any user column of any table and
 * nothing in memory or in the response cache.
 */
class ServerIT {

    private static final String ADMIN = "it-admin-key-0123456789";
    private static final byte[] SECRET = "it-token-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);

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

    private JsonNode send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("X-Admin-Key", ADMIN).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return json.readTree(r.body());
    }

    private static List<String> ids(JsonNode recs) {
        List<String> out = new ArrayList<>();
        recs.get("items").forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    @Test
    void ml100kEndToEnd() throws Exception {
        Path data = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("ua.base")), "skipped: ../shared/data not found");
        Importer.importTo(ImportRequest.of(ImportFormat.ML100K, data.resolve("ua.base"))
                .withItems(data.resolve("u.item")), dir.resolve("dataset.whyrec"));
        server = WhyrecServer.start(ServerConfig.defaults("127.0.0.1", 0, dir).withSecrets(ADMIN, SECRET)
                .withServing(ServingConfig.DEFAULT.withRefitSeconds(0)));
        assertEquals(90_570, send("GET", "/health", null).get("events").asInt(), "ua.base seeded");

        JsonNode before = send("GET", "/v1/users/1/profile", null);
        String topBefore = before.get("facets").get(0).get("facet").asText();
        Set<String> seen = new HashSet<>();
        long last = 0;
        for (JsonNode e : before.get("events")) {
            seen.add(e.get("item").asText());
            last = Math.max(last, e.get("ts").asLong());
        }
        List<String> beforeTop = ids(send("GET", "/v1/users/1/recommendations?k=10", null));

        // the genre (not user 1's top one) with the most films user 1 has not seen, from u.item's genre flags
        List<String> genres = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("u.genre"), StandardCharsets.ISO_8859_1)) {
            if (!line.isBlank()) {
                genres.add(line.substring(0, line.indexOf('|')));
            }
        }
        java.util.Map<String, List<String>> unseen = new java.util.HashMap<>();
        for (String line : Files.readAllLines(data.resolve("u.item"), StandardCharsets.ISO_8859_1)) {
            String[] f = line.split("\\|", -1);
            if (f.length < 5 + genres.size() || seen.contains(f[0])) {
                continue;
            }
            for (int g = 0; g < genres.size(); g++) {
                if (f[5 + g].equals("1")) {
                    unseen.computeIfAbsent(genres.get(g), k -> new ArrayList<>()).add(f[0]);
                }
            }
        }
        String genre = unseen.entrySet().stream().filter(e -> !e.getKey().equals(topBefore)
                        && !e.getKey().equals("unknown") && e.getValue().size() >= 100)
                .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
                .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
        double shareBefore = 0;
        for (JsonNode f : before.get("facets")) {
            shareBefore += f.get("facet").asText().equals(genre) ? f.get("share").asDouble() : 0;
        }
        List<String> horror = unseen.get(genre);
        StringBuilder batch = new StringBuilder("[");
        int n = 0;
        for (String item : horror) {
            if (n == 100) {
                break;
            }
            batch.append(n == 0 ? "" : ",").append("{\"id\":\"it-").append(n).append("\",\"user\":\"1\",\"item\":\"")
                    .append(item).append("\",\"ts\":").append(last + 60L * (n + 1)).append(",\"type\":\"rating\",")
                    .append("\"value\":5}");
            n++;
        }
        assertEquals(100, send("POST", "/v1/events", batch.append("]").toString()).get("stored").asInt());

        JsonNode after = send("GET", "/v1/users/1/profile", null);
        assertEquals(before.get("numEvents").asInt() + 100, after.get("numEvents").asInt());
        assertEquals(genre, after.get("facets").get(0).get("facet").asText(), genre + " now leads the profile");
        assertTrue(after.get("facets").get(0).get("share").asDouble() > shareBefore + 0.1);
        JsonNode recs = send("GET", "/v1/users/1/recommendations?k=10&explain=true", null);
        assertEquals("ease", recs.get("method").asText(), "the default model");
        assertNotEquals(beforeTop, ids(recs), "the default model's top-10 changed at once");
        // the profile model ranks by the interest facets, so the genre that now leads them leads its list
        recs = send("GET", "/v1/users/1/recommendations?k=10&explain=true&model=profile", null);
        int horrorInTop = 0;
        for (JsonNode it : recs.get("items")) {
            horrorInTop += it.get("tags").toString().contains("\"" + genre + "\"") ? 1 : 0;
        }
        assertTrue(horrorInTop >= 5, horrorInTop + " " + genre + " films in the new top-10");

        send("PUT", "/v1/users/1/tags/" + genre, "{\"muted\": true}");
        send("POST", "/v1/models/refit", null);
        for (String model : List.of("profile", "ease")) {
            for (String lang : List.of("en", "zh")) {
                JsonNode muted = send("GET", "/v1/users/1/recommendations?k=10&explain=true&method=counterfactual"
                        + "&events=1000&model=" + model + "&lang=" + lang, null);
                assertEquals(10, muted.get("items").size());
                for (JsonNode it : muted.get("items")) {
                    JsonNode x = it.get("explanation");
                    for (JsonNode f : x.get("facets")) {
                        assertNotEquals(genre, f.get("facet").asText(), model + " " + lang);
                    }
                    assertFalse(x.get("text").asText().contains(genre), x.get("text").asText());
                    assertFalse(it.get("tags").toString().contains("\"" + genre + "\""));
                }
            }
        }

        assertTrue(userRows("1") > 100, "the check sees user 1's rows before the erasure");
        send("DELETE", "/v1/users/1", null);
        assertEquals(0, userRows("1"), "no user column of any table holds '1'");
        assertTrue(server.engine().user("1").isEmpty(), "memory is free of user 1");
        JsonNode empty = send("GET", "/v1/users/1/profile", null);
        assertEquals(0, empty.get("numEvents").asInt());
        JsonNode fresh = send("GET", "/v1/users/1/recommendations?k=10&explain=true", null);
        assertFalse(fresh.get("personalized").asBoolean(), "no cached list of the erased user is served: " + fresh);
        assertEquals("popularity", fresh.get("method").asText());
        for (JsonNode it : fresh.get("items")) {
            assertFalse(it.has("explanation"), "nothing of the erased user's history explains anything");
        }
    }

    /**
     * Rows holding the id in any text column of any table, except item id columns (ML-100K user ids are also item
     * ids, so "1" is rightly still the id of the film Toy Story; numeric columns such as a tag's position 1 are
     * not ids).
     */
    private long userRows(String id) throws Exception {
        long n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.SQLITE_FILE))) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, null, "%", new String[]{"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertTrue(tables.containsAll(List.of("users", "events", "tag_edits", "personalization")), tables.toString());
            for (String t : tables) {
                try (ResultSet rs = md.getColumns(null, null, t, "%")) {
                    while (rs.next()) {
                        String col = rs.getString("COLUMN_NAME");
                        String type = rs.getString("TYPE_NAME").toUpperCase(java.util.Locale.ROOT);
                        boolean text = type.contains("CHAR") || type.contains("TEXT");
                        if (!text || col.equals("item_id") || t.equals("flyway_schema_history")) {
                            continue;
                        }
                        try (PreparedStatement s = c.prepareStatement(
                                "SELECT COUNT(*) FROM " + t + " WHERE CAST(" + col + " AS TEXT) = ?")) {
                            s.setString(1, id);
                            try (ResultSet r = s.executeQuery()) {
                                r.next();
                                n += r.getLong(1);
                            }
                        }
                    }
                }
            }
        }
        return n;
    }
}
