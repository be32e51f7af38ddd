package io.whyrec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.whyrec.server.feedback.ExplanationArms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code whyrec serve --arms} then {@code whyrec report satisfaction}: two users get explanations in the arms the
 * seeded assignment gives them, answer them over HTTP (x helpful, y not), and the report read from the stopped
 * server's store counts one answer in each user's arm, as text and as JSON; a data directory without a store is
 * refused with a message naming it.
 */
class ReportCommandTest {

    @TempDir
    Path dir;

    /** {@link CliTest#run} as code, standard output and standard error. */
    private static String[] run(String... args) {
        CliTest.Run r = CliTest.run(args);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }

    private static String send(HttpClient http, String key, String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("X-Admin-Key", key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, url + " -> " + r.statusCode() + " " + r.body());
        return r.body();
    }

    @Test
    void reportsTheAnswersOfAServedSessionPerArm() throws Exception {
        RunningServe.writeThreeFilms(dir);

        RunningServe serve = RunningServe.start("--port", "0", "--data-dir", dir.toString(), "--refit-seconds", "0",
                "--arms", "short:1,long:4", "--arms-seed", "3");
        String base = serve.base();
        String key = Files.readString(dir.resolve("admin.key")).trim();
        HttpClient http = HttpClient.newHttpClient();
        ExplanationArms arms = ExplanationArms.parse("short:1,long:4", 3);
        try {
            for (String user : List.of("x", "y")) {
                JsonNode first = Json.mapper().readTree(send(http, key, "GET", base + "/v1/users/" + user
                        + "/recommendations?k=1&explain=true&model=profile", null)).get("items").get(0);
                JsonNode x = first.get("explanation");
                assertEquals(arms.assign(user).name(), x.get("arm").asText(), "the seeded arm of " + user);
                assertEquals(arms.assign(user).reasons(), x.get("armReasons").asInt());
                send(http, key, "POST", base + "/v1/users/" + user + "/feedback", "{\"item\":\""
                        + first.get("item").asText() + "\",\"explanationId\":\"" + x.get("explanationId").asText()
                        + "\",\"helpful\":" + user.equals("x") + "}");
            }
        } finally {
            serve.stop();
        }
        assertEquals(0, serve.stop());

        String[] text = run("report", "satisfaction", "--data-dir", dir.toString());
        assertEquals("0", text[0], text[2]);
        assertTrue(text[1].startsWith("Explanation feedback: 2 answers, 50.0% helpful (95% Wilson interval "), text[1]);
        assertTrue(text[1].contains("by arm"), text[1]);
        String[] json = run("report", "satisfaction", "--data-dir", dir.toString(), "--json");
        assertEquals("0", json[0], json[2]);
        JsonNode report = Json.mapper().readTree(json[1]);
        assertEquals(2, report.get("answers").asInt());
        assertEquals(1, report.get("helpful").asInt());
        for (JsonNode arm : report.get("groups").get("arm")) {
            String name = arm.get("value").asText();
            long expected = List.of("x", "y").stream().filter(u -> arms.assign(u).name().equals(name)).count();
            assertEquals(expected, arm.get("answers").asLong(), name + " in " + report);
        }
        assertEquals("profile", report.get("groups").get("model").get(0).get("value").asText());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        String[] refused = run("report", "satisfaction", "--data-dir", empty.toString());
        assertEquals("1", refused[0]);
        assertTrue(refused[2].contains("--data-dir " + empty + ": no store whyrec.db there"), refused[2]);
    }

    @Test
    void anEncryptedStoreIsReadWithItsKeyAndRefusedWithoutItOrWithAnother() throws Exception {
        Path keyFile = dir.resolve("store.key");
        Files.writeString(keyFile, io.whyrec.server.crypto.LocalKeyProvider.newKeyHex());
        Path otherKey = dir.resolve("other.key");
        Files.writeString(otherKey, io.whyrec.server.crypto.LocalKeyProvider.newKeyHex());
        var issued = new io.whyrec.server.feedback.ExplanationIds.Issued("ease", 1, "exact", "template", "en", "a");
        try (var db = io.whyrec.server.store.Database.openSqlite(dir)) {
            var store = new io.whyrec.server.store.Store(db,
                    io.whyrec.server.crypto.LocalKeyProvider.fromFile(keyFile));
            store.saveFeedback(new io.whyrec.server.feedback.Feedback("x", "a", "id-1", true, "sealed", issued, 1));
            store.saveFeedback(new io.whyrec.server.feedback.Feedback("y", "b", "id-2", false, null, issued, 2));
        }
        String[] none = run("report", "satisfaction", "--data-dir", dir.toString());
        assertEquals("1", none[0]);
        assertTrue(none[2].contains("is encrypted (key fingerprint ") && none[2].contains("--encryption-key FILE")
                && none[2].strip().lines().count() == 1, none[2]);
        String[] wrong = run("report", "satisfaction", "--data-dir", dir.toString(), "--encryption-key",
                otherKey.toString());
        assertEquals("1", wrong[0]);
        assertTrue(wrong[2].contains("the key given (" + otherKey + ")"), wrong[2]);
        String[] ok = run("report", "satisfaction", "--data-dir", dir.toString(), "--json", "--encryption-key",
                keyFile.toString());
        assertEquals("0", ok[0], ok[2]);
        JsonNode report = Json.mapper().readTree(ok[1]);
        assertEquals(2, report.get("answers").asInt());
        assertEquals(1, report.get("helpful").asInt());
    }
}
