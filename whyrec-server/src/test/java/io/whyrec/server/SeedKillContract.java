package io.whyrec.server;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.server.testing.Backend;
import io.whyrec.server.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * (issue 11) A server killed with SIGKILL during its first start's seeding never serves a partial store: five runs,
 * each on an empty store of its own, kill the server process at a different moment of the seeding (once the
 * items are stored and before the first chunk of events commits, then once 1, 2, 3 and 4 chunks of
 * {@value DatasetSeed#CHUNK} events have committed, watched through a second connection to the database); a
 * restarted server must then serve exactly the dataset's train events, each once. The data is ML-100K's
 * {@code ua.base} (90,570 events) imported as {@code whyrec import} does, from {@code -Dwhyrec.shared.data} (default
 * {@code ../shared/data}), or, where it is absent (CI without the shared data), a seeded synthetic dataset of about
 * 100,000 events.
 */
abstract class SeedKillContract {

    private static final String ADMIN = "seed-kill-test-admin-key-0123456789";
    private static final int RUNS = 5;

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

    /** Writes the dataset file into a folder and returns its (train) event count. */
    private static int writeDataset(Path dataDir) {
        Path ml = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Path file = dataDir.resolve(DatasetSeed.FILE);
        if (Files.isRegularFile(ml.resolve("ua.base"))) {
            return Importer.importTo(ImportRequest.of(ImportFormat.ML100K, ml.resolve("ua.base"))
                    .withItems(ml.resolve("u.item")), file).dataset().numEvents();
        }
        System.out.println("SeedKill: " + ml + " not found, seeding a synthetic dataset instead");
        Dataset data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(2_500, 800), 7).dataset();
        DatasetFile.write(file, data);
        return data.numEvents();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aServerKilledDuringSeedingNeverServesAPartialStore() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern events = Pattern.compile("\"events\":(\\d+)");
        int partial = 0;
        List<String> report = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Path data = dir.resolve("run-" + run);
            Files.createDirectories(data);
            int total = writeDataset(data);
            assertTrue(total > (RUNS - 1) * DatasetSeed.CHUNK, "the dataset outlasts the kill moments: " + total);
            backend = backend(data);
            String jdbcUrl = backend.configure(ServerConfig.defaults("127.0.0.1", 0, data)).jdbcUrl();
            Path log = data.resolve("server.log");
            process = ServerProcess.launch(data, ADMIN, jdbcUrl, log);
            // run 0: the items are stored, no chunk of events yet; run r: r chunks committed
            long killAt = (long) run * DatasetSeed.CHUNK;
            long storedAtKill = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Connection watch = null;
            try {
                while (System.nanoTime() < deadline && process.isAlive()) {
                    try {
                        if (watch == null) {
                            watch = backend.connect();
                        }
                        long stored = count(watch, "SELECT COUNT(*) FROM events");
                        if (stored >= killAt && (run > 0 || count(watch, "SELECT COUNT(*) FROM items") > 0)) {
                            process.destroyForcibly();
                            break;
                        }
                    } catch (SQLException e) {
                        // the server has not created the tables yet
                        if (watch != null) {
                            watch.close();
                            watch = null;
                        }
                    }
                    Thread.sleep(2);
                }
            } finally {
                if (watch != null) {
                    watch.close();
                }
            }
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server process ended");
            assertEquals(137, process.exitValue(), "killed by SIGKILL (128 + 9); log: " + Files.readString(log));
            try (Connection c = backend.connect()) {
                storedAtKill = count(c, "SELECT COUNT(*) FROM events");
            }
            partial += storedAtKill < total ? 1 : 0;

            process = ServerProcess.launch(data, ADMIN, jdbcUrl, log);
            int port = ServerProcess.port(process);
            String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = events.matcher(health);
            assertTrue(m.find(), health);
            long served = Long.parseLong(m.group(1));
            assertEquals(total, served, "run " + run + ": the restarted server serves every event of the dataset ("
                    + storedAtKill + " were stored at the kill): " + health);
            Set<String> ids = new HashSet<>();
            Set<Long> seqs = new HashSet<>();
            try (Connection c = backend.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT event_id, seq FROM events")) {
                while (rs.next()) {
                    assertTrue(ids.add(rs.getString(1)), "event " + rs.getString(1) + " once");
                    assertTrue(seqs.add(rs.getLong(2)), "seq " + rs.getLong(2) + " once");
                }
            }
            for (int i = 0; i < total; i++) {
                assertTrue(ids.contains(DatasetSeed.eventId(i)), "event " + DatasetSeed.eventId(i) + " stored");
            }
            assertEquals(total, ids.size());
            report.add("run " + run + ": killed with " + storedAtKill + " of " + total + " events stored, restarted "
                    + "serving " + served);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
            backend.drop();
            backend = null;
        }
        report.forEach(line -> System.out.println("SeedKill " + getClass().getSimpleName() + " " + line));
        assertTrue(partial >= RUNS - 1, "at least " + (RUNS - 1) + " of the " + RUNS + " kills landed during the "
                + "seeding: " + report);
    }
}
