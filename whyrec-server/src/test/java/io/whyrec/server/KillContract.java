package io.whyrec.server;

import io.whyrec.server.store.Database;
import io.whyrec.server.testing.Backend;
import io.whyrec.server.testing.ServerMain;
import io.whyrec.server.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durability under kill -9: the server runs in a separate JVM ({@link ServerMain}, started with {@code java -cp}
 * and this test's class path); two clients stream batches of 100 new events; once some batches have been
 * acknowledged the process is killed with {@link Process#destroyForcibly()} (SIGKILL) while batches are still in
 * flight. The database is then read directly and a new server is started on the same data: every event of every
 * acknowledged (200) batch must be there. Batches in flight at the kill may or may not be stored, but never
 * partly (one transaction per batch).
 */
abstract class KillContract {

    private static final String ADMIN = "kill-test-admin-key-0123456789";
    private static final int BATCH = 100;

    @TempDir
    Path dir;

    private Backend backend;
    private Process process;

    /** The database of this suite, for a data directory. */
    abstract Backend backend(Path dir);

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (backend != null) {
            backend.drop();
        }
    }

    private Process launch(String jdbcUrl) throws Exception {
        return ServerProcess.launch(dir, ADMIN, jdbcUrl, null);
    }

    private static int port(Process p) throws Exception {
        return ServerProcess.port(p);
    }

    private static String batch(String prefix, int from) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < BATCH; i++) {
            int n = from + i;
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append(n).append("\",\"user\":\"u")
                    .append(n % 50).append("\",\"item\":\"m").append(n % 200).append("\",\"ts\":")
                    .append(1_700_000_000L + n).append(",\"type\":\"view\"}");
        }
        return sb.append("]").toString();
    }

    @Test
    void noAcknowledgedEventIsLostWhenTheServerIsKilledMidStream() throws Exception {
        backend = backend(dir);
        String jdbcUrl = backend.configure(ServerConfig.defaults("127.0.0.1", 0, dir)).jdbcUrl();
        process = launch(jdbcUrl);
        int port = port(process);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            String prefix = "c" + c + "-";
            Thread t = new Thread(() -> {
                for (int from = 0; ; from += BATCH) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                            .header("X-Admin-Key", ADMIN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(batch(prefix, from))).build();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("batch refused: " + r.statusCode() + " " + r.body());
                        }
                        for (int i = 0; i < BATCH; i++) {
                            acknowledged.add(prefix + (from + i));
                        }
                    } catch (java.io.IOException e) {
                        return; // the server is gone
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (killed.get()) {
                        return;
                    }
                }
            });
            t.start();
            clients.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < 30 * BATCH && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        process.destroyForcibly();
        killed.set(true);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server process ended");
        assertEquals(137, process.exitValue(), "killed by SIGKILL (128 + 9)");
        for (Thread t : clients) {
            t.join(30_000);
        }
        Set<String> acked = new HashSet<>(acknowledged);
        assertTrue(acked.size() >= 30 * BATCH, "enough batches were acknowledged before the kill: " + acked.size());

        Set<String> stored = new HashSet<>();
        try (Database db = backend.open()) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_id FROM events")) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
                return null;
            });
        }
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(stored);
        assertEquals(Set.of(), lost, "acknowledged events missing after kill -9");
        assertEquals(0, stored.size() % BATCH, "only whole batches are stored: " + stored.size());

        process = launch(jdbcUrl);
        int port2 = port(process);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port2
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(health.body().contains("\"events\":" + stored.size()), "the restarted server holds every stored "
                + "event: " + health.body() + " vs " + stored.size());
    }
}
