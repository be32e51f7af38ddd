package io.whyrec.cli;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code whyrec serve} on a data directory holding an imported dataset: it seeds the empty store (3 events of 2
 * users), serves /health and a user's list, and stops cleanly with exit code 0.
 */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesAnImportedDatasetAndStopsCleanly() throws Exception {
        RunningServe.writeThreeFilms(dir);

        RunningServe serve = RunningServe.start("--port", "0", "--data-dir", dir.toString(), "--refit-seconds", "0");
        int port = serve.port();
        HttpClient http = HttpClient.newHttpClient();
        String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(health.contains("\"events\":3"), health);
        String key = java.nio.file.Files.readString(dir.resolve("admin.key")).trim();
        String recs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/users/x/recommendations?k=1")).header("X-Admin-Key", key).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(recs.contains("\"item\":\"c\""), "Solaris shares Sci-Fi with Alien: " + recs);
        assertEquals(0, serve.stop());
    }

    /**
     * {@code --encryption-key FILE} reaches the store: served with a key, the seeded store is encrypted (a start
     * without the key is refused with exit code 1 and a message saying so), and served again with the key it holds
     * the same 3 events.
     */
    @Test
    void servesAnEncryptedStoreWithItsKeyAndRefusesToStartWithoutIt() throws Exception {
        RunningServe.writeThreeFilms(dir);
        Path key = dir.resolve("store.key");
        java.nio.file.Files.writeString(key, io.whyrec.server.crypto.LocalKeyProvider.newKeyHex());
        for (int round = 0; round < 2; round++) {
            RunningServe serve = RunningServe.start("--port", "0", "--data-dir", dir.toString(),
                    "--refit-seconds", "0", "--encryption-key", key.toString());
            String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serve.base()
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(health.contains("\"events\":3"), health);
            assertEquals(0, serve.stop());
            if (round == 0) {
                CommandLine plain = new CommandLine(new ServeCommand());
                StringWriter err = new StringWriter();
                plain.setErr(new PrintWriter(err, true));
                plain.setExecutionExceptionHandler((e, line, parsed) -> {
                    line.getErr().println("error: " + e.getMessage());
                    return 1;
                });
                assertEquals(1, plain.execute("--port", "0", "--data-dir", dir.toString(), "--refit-seconds", "0"));
                assertTrue(err.toString().contains("is encrypted (key fingerprint ")
                        && err.toString().contains("--encryption-key FILE"), err.toString());
            }
        }
    }

    /**
     * Options are checked before any heavy work: a data directory with no data is refused unless --init is given,
     * a busy port is refused with a message naming it, both with exit code 1 and nothing served.
     */
    @Test
    void refusesAnEmptyDataDirectoryWithoutInitAndABusyPort() throws Exception {
        CommandLine cli = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            return 1;
        });
        Path missing = dir.resolve("mistyped");
        assertEquals(1, cli.execute("--port", "0", "--data-dir", missing.toString()));
        assertTrue(err.toString().contains(missing + " does not exist") && err.toString().contains("--init"),
                err.toString());
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            err.getBuffer().setLength(0);
            DatasetFile.write(dir.resolve("dataset.whyrec"), Dataset.fromGrouped(IdIndex.of(List.of("x")),
                    ItemCatalog.of(IdIndex.of(List.of("a")), Map.of()), List.of("rating"), new int[]{0, 1},
                    new int[]{0}, new long[]{100}, new float[]{5}, new short[]{0}));
            assertEquals(1, cli.execute("--port", "" + busy.getLocalPort(), "--data-dir", dir.toString(),
                    "--refit-seconds", "0"));
            assertTrue(err.toString().contains("127.0.0.1:" + busy.getLocalPort()) && err.toString()
                    .contains("--port"), err.toString());
            assertTrue(!java.nio.file.Files.exists(dir.resolve("whyrec.db")), "nothing was opened before the port");
        }
    }

    /**
     * The fair-use options reach the server: with {@code --max-cost 1} a counterfactual list is a 400 naming the
     * budget, with an admin burst of 3 the key's 4th request is a 429 with Retry-After; a burst of 0 is refused
     * before anything is served, naming the option's field.
     */
    @Test
    void fairUseOptionsReachTheServer() throws Exception {
        RunningServe.writeThreeFilms(dir);
        CommandLine bad = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        bad.setErr(new PrintWriter(err, true));
        assertEquals(2, bad.execute("--port", "0", "--data-dir", dir.toString(), "--user-burst", "0"));
        assertTrue(err.toString().contains("fair-use options: userBurst 0"), err.toString());

        RunningServe serve = RunningServe.start("--port", "0", "--data-dir", dir.toString(), "--refit-seconds", "0",
                "--max-cost", "1", "--admin-rate", "0.001", "--admin-burst", "3");
        int port = serve.port();
        HttpClient http = HttpClient.newHttpClient();
        String key = java.nio.file.Files.readString(dir.resolve("admin.key")).trim();
        HttpRequest costly = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/users/x/recommendations?k=1&explain=true&method=counterfactual")).header("X-Admin-Key", key)
                .build();
        HttpResponse<String> r = http.send(costly, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("is above the budget of 1 per request"), r.body());
        for (int i = 0; i < 2; i++) {
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/users/x/profile")).header("X-Admin-Key", key).build(), HttpResponse.BodyHandlers
                    .ofString()).statusCode());
        }
        HttpResponse<String> limited = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/users/x/profile")).header("X-Admin-Key", key).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        assertEquals(0, serve.stop());
    }
}
