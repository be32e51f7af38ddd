package io.whyrec.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.core.files.AtomicFiles;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.testing.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * (issue 11) A real full disk: the data directory is a tmpfs of 3 MiB that the test mounts (skipped with a message
 * where it cannot, without root); the server (SQLite) ingests batches of 200 events until the disk is full and 10
 * batches were refused. Then: every refused batch was answered 503 and has no event stored, every acknowledged
 * event is stored, arrival numbers are unique, and what the server serves (the event count, every user's
 * history) equals the database; a file replaced through {@link AtomicFiles} on the full disk keeps its old content
 * and leaves no temporary file; after the tmpfs is given room again, the server stores the next batch.
 */
class DiskFullIT {

    private static final String ADMIN = "disk-full-admin-key-0123456789";
    private static final byte[] SECRET = "disk-full-token-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final int BATCH = 200;
    private static final int USERS = 20;

    @TempDir
    Path dir;

    private Path mount;
    private WhyrecServer server;

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    private static String batch(int b) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < BATCH; i++) {
            int n = b * BATCH + i;
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"b").append(b).append("-").append(i).append("-")
                    .append("x".repeat(100)).append("\",\"user\":\"u").append(n % USERS).append("\",\"item\":\"m")
                    .append(n % 500).append("\",\"ts\":").append(1_700_000_000L + n).append(",\"type\":\"view\"}");
        }
        return sb.append("]").toString();
    }

    private static String id(int b, int i) {
        return "b" + b + "-" + i + "-" + "x".repeat(100);
    }

    @Test
    void aFullDiskRefusesWholeBatchesAndTheServerStillEqualsTheDatabase() throws Exception {
        Path mp = dir.resolve("tmpfs");
        Files.createDirectories(mp);
        int mounted = run("mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", mp.toString());
        Assumptions.assumeTrue(mounted == 0, "skipped: cannot mount a tmpfs at " + mp + " (needs root)");
        mount = mp;
        Path data = mp.resolve("data");
        server = WhyrecServer.start(ServerConfig.defaults("127.0.0.1", 0, data).withSecrets(ADMIN, SECRET)
                .withServing(ServingConfig.DEFAULT.withRefitSeconds(0)));
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        List<Integer> acked = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        for (int b = 0; b < 2_000 && refused.size() < 10; b++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + "/v1/events")).header("X-Admin-Key", ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch(b))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                acked.add(b);
            } else {
                assertEquals(503, r.statusCode(), "a batch the full disk refused: " + r.body());
                refused.add(b);
            }
        }
        assertEquals(10, refused.size(), "the disk filled up");

        // a replacement on the full disk fails whole: the old content stays, no temporary file is left
        Path file = data.resolve("probe.bin");
        byte[] old = new byte[]{1, 2, 3};
        try {
            AtomicFiles.write(file, old);
        } catch (IOException e) {
            old = null; // not even three bytes fit: nothing to keep
        }
        byte[] kept = old;
        assertThrows(IOException.class, () -> AtomicFiles.write(file, new byte[8 << 20]));
        if (kept != null) {
            assertArrayEquals(kept, Files.readAllBytes(file));
        }
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.SUFFIX)).toList());
        }

        Set<String> stored = new HashSet<>();
        Set<Long> seqs = new HashSet<>();
        Map<String, Integer> perUser = new TreeMap<>();
        try (Connection c = Backend.sqlite(data).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_id, user_id, seq FROM events")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
                assertTrue(seqs.add(rs.getLong(3)), "seq " + rs.getLong(3) + " is unique");
                perUser.merge(rs.getString(2), 1, Integer::sum);
            }
        }
        int lost = 0;
        int leaked = 0;
        for (int b : acked) {
            for (int i = 0; i < BATCH; i++) {
                lost += stored.contains(id(b, i)) ? 0 : 1;
            }
        }
        for (int b : refused) {
            for (int i = 0; i < BATCH; i++) {
                leaked += stored.contains(id(b, i)) ? 1 : 0;
            }
        }
        System.out.printf("DiskFullIT: %d batches of %d acknowledged, %d refused with 503; %d events stored, "
                + "%d acknowledged events lost, %d events of refused batches stored%n", acked.size(), BATCH,
                refused.size(), stored.size(), lost, leaked);
        assertEquals(0, lost, "acknowledged events lost");
        assertEquals(0, leaked, "events of refused batches stored");
        assertEquals(acked.size() * BATCH, stored.size());
        String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(stored.size(), json.readTree(health).get("events").asInt(), health);
        for (int u = 0; u < USERS; u++) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/users/u" + u + "/profile")).header("X-Admin-Key", ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertEquals((int) perUser.getOrDefault("u" + u, 0), json.readTree(body).get("numEvents").asInt(),
                    "user u" + u + ": served history equals the database");
        }

        // room again: the next batch is stored
        assertEquals(0, run("mount", "-o", "remount,size=64m", mp.toString()), "remount with room");
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/v1/events")).header("X-Admin-Key", ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(refused.get(0)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(BATCH, json.readTree(after.body()).get("stored").asInt(), "a refused batch, sent again, is whole");
    }
}
