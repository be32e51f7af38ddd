package io.whyrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.server.crypto.EncryptionException;
import io.whyrec.server.crypto.LocalKeyProvider;
import io.whyrec.server.store.Database;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on an SQLite store encrypted at rest: started with a key file, it ingests events and a muted tag,
 * and after a restart with the same key serves the same profile and the same recommendations; the database file
 * holds none of the events' type text; a restart without the key or with another key fails with a one-line error.
 */
class EncryptedServeTest {

    private static final String ADMIN = "test-admin-key-0123456789";
    private static final byte[] SECRET = "a-token-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final String TYPE = "rating-xq93v";
    private static final String[] G = {"Sci-Fi", "Drama", "Comedy", "Horror", "Romance"};

    @TempDir
    Path dir;

    private WhyrecServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ServerConfig config(Path keyFile) {
        return ServerConfig.defaults("127.0.0.1", 0, dir.resolve("data")).withSecrets(ADMIN, SECRET)
                .withEncryption(keyFile == null ? null : LocalKeyProvider.fromFile(keyFile));
    }

    private Path keyFile(String name) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, LocalKeyProvider.newKeyHex() + "\n");
        return f;
    }

    private JsonNode send(String method, String path, String body, String token, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        b.header("Content-Type", "application/json");
        if (token == null) {
            b.header("X-Admin-Key", ADMIN);
        } else {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private static List<String> ids(JsonNode recs) {
        List<String> out = new ArrayList<>();
        recs.get("items").forEach(n -> out.add(n.get("item").asText()));
        return out;
    }

    @Test
    void anEncryptedStoreServesTheSameAfterARestartWithItsKeyAndRefusesToStartWithoutIt() throws Exception {
        Path key = keyFile("store.key");
        server = WhyrecServer.start(config(key));
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Film ").append(i)
                    .append("\",\"tags\":[\"").append(G[i % 5]).append("\"]}");
        }
        send("POST", "/v1/items", items.append("]").toString(), null, 200);
        StringBuilder events = new StringBuilder("[");
        int[] liked = {0, 5, 10, 15, 2, 7, 3};
        for (int k = 0; k < liked.length; k++) {
            for (String u : List.of("u1", "u2", "u3")) {
                int item = (liked[k] + (u.equals("u1") ? 0 : u.equals("u2") ? 1 : 2) * 5) % 40;
                events.append(events.length() == 1 ? "" : ",").append("{\"id\":\"").append(u).append("-").append(k)
                        .append("\",\"user\":\"").append(u).append("\",\"item\":\"i").append(item)
                        .append("\",\"ts\":").append(1_700_000_000L + k * 60).append(",\"type\":\"").append(TYPE)
                        .append("\",\"value\":5}");
            }
        }
        assertEquals(21, send("POST", "/v1/events", events.append("]").toString(), null, 200).get("stored").asInt());
        String tok = send("POST", "/v1/users/u1/token", null, null, 200).get("token").asText();
        send("PUT", "/v1/users/u1/tags/Drama", null, tok, 200);
        JsonNode profile = send("GET", "/v1/users/u1/recommendations?k=10&model=profile", null, tok, 200);
        List<String> before = ids(profile);
        assertEquals(10, before.size());
        server.close();
        server = null;

        Path db = dir.resolve("data").resolve(Database.SQLITE_FILE);
        String raw = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains(TYPE), "the event type is only in sealed payloads");
        assertTrue(raw.contains("u1-3"), "event ids stay in the clear (the check can find text)");

        EncryptionException none = assertThrows(EncryptionException.class, () -> WhyrecServer.start(config(null)));
        assertTrue(none.getMessage().contains("is encrypted") && !none.getMessage().contains("\n"), none.getMessage());
        Path other = keyFile("other.key");
        EncryptionException wrong = assertThrows(EncryptionException.class,
                () -> WhyrecServer.start(config(other)));
        assertTrue(wrong.getMessage().contains(other.toString()), wrong.getMessage());

        server = WhyrecServer.start(config(key));
        JsonNode p = send("GET", "/v1/users/u1/profile", null, tok, 200);
        assertEquals(7, p.get("numEvents").asInt());
        assertEquals("[\"Drama\"]", p.get("muted").toString());
        assertEquals(TYPE, p.get("events").get(0).get("type").asText());
        assertEquals(before, ids(send("GET", "/v1/users/u1/recommendations?k=10&model=profile", null, tok, 200)),
                "the same list after the restart");
        assertEquals(10, ids(send("GET", "/v1/users/u1/recommendations?k=10", null, tok, 200)).size());
    }
}
