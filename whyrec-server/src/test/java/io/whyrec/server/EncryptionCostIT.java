package io.whyrec.server;

import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.crypto.KeyProvider;
import io.whyrec.server.crypto.LocalKeyProvider;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.server.store.Store;
import io.whyrec.server.testing.Backend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What encryption at rest costs ingestion and start-up, on ML-100K ({@code u.data}, 100,000 events, from
 * {@code -Dwhyrec.shared.data}): for SQLite, and PostgreSQL when {@code $WHYREC_TEST_PG_URL} is set, each run seeds
 * a fresh store from the same {@code dataset.whyrec} without and with a key (the order alternating between runs,
 * after one unreported round that warms the JIT up),
 * then reads every event back from the store alone, then starts the server on it (EASE only, untuned). It prints
 * the three wall times of every run, the CPU time of the test's thread in seeding and loading (which, on SQLite,
 * holds the database's own work and is steadier than wall time on a shared machine), their ratios encrypted/plain,
 * and the CPU cost of the cipher alone per value, and writes them to
 * {@code target/encryption-cost.tsv}; the figures are in docs/privacy.md. A benchmark, not a CI test: it runs only
 * with {@code -Dwhyrec.encryption.cost=true} ({@code -Dwhyrec.encryption.runs=N}, default 3), and it asserts only
 * that both stores hold the same 100,000 events, never a time.
 */
class EncryptionCostIT {

    private static final String ADMIN = "test-admin-key-0123456789";
    private static final byte[] SECRET = "a-token-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** Wall seconds of seeding, loading and starting, and the CPU seconds of this thread in the first two. */
    private record Run(String backend, int run, boolean encrypted, double seedS, double loadS, double startS,
                       double seedCpuS, double loadCpuS) {
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory
            .getThreadMXBean();

    @Test
    void seedingAndStartUpWithAndWithoutEncryption() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("whyrec.encryption.cost"), "skipped: a benchmark; run with "
                + "-Dwhyrec.encryption.cost=true");
        Path ml = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("u.data")), "skipped: " + ml + "/u.data not found");
        Path template = dir.resolve("template");
        Files.createDirectories(template);
        int n = Importer.importTo(ImportRequest.of(ImportFormat.ML100K, ml.resolve("u.data"))
                .withItems(ml.resolve("u.item")), template.resolve(DatasetSeed.FILE)).dataset().numEvents();
        assertEquals(100_000, n);
        KeyProvider key = LocalKeyProvider.ofHex(LocalKeyProvider.newKeyHex(), "a fresh test key");
        List<String> backends = new ArrayList<>(List.of("sqlite"));
        String pg = System.getenv(Backend.PG_ENV);
        if (pg != null && !pg.isBlank()) {
            backends.add("postgres");
        }
        int runs = Integer.getInteger("whyrec.encryption.runs", 3);
        // one round to warm the JIT up, not reported: the first store written in a JVM is slower either way
        for (String b : backends) {
            once(b, -1, null, template);
            once(b, -1, key, template);
        }
        List<Run> out = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (String b : backends) {
                for (int m = 0; m < 2; m++) {
                    boolean encrypted = (m == 0) == (r % 2 == 1);
                    out.add(once(b, r, encrypted ? key : null, template));
                    System.out.println("EncryptionCost " + out.get(out.size() - 1));
                }
            }
        }
        StringBuilder tsv = new StringBuilder("backend\trun\tencrypted\tseed_s\tload_s\tstart_s\tseed_cpu_s\t"
                + "load_cpu_s\n");
        out.forEach(x -> tsv.append(String.format(Locale.ROOT, "%s\t%d\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f%n", x.backend,
                x.run, x.encrypted, x.seedS, x.loadS, x.startS, x.seedCpuS, x.loadCpuS)));
        for (String b : backends) {
            for (int r = 0; r < runs; r++) {
                int run = r;
                Run plain = out.stream().filter(x -> x.backend.equals(b) && x.run == run && !x.encrypted).findFirst()
                        .orElseThrow();
                Run enc = out.stream().filter(x -> x.backend.equals(b) && x.run == run && x.encrypted).findFirst()
                        .orElseThrow();
                String line = String.format(Locale.ROOT, "EncryptionCost ratio %s run %d: seed %.2f load %.2f "
                        + "start %.2f; this thread's CPU: seed %.2f load %.2f", b, r, enc.seedS / plain.seedS,
                        enc.loadS / plain.loadS, enc.startS / plain.startS, enc.seedCpuS / plain.seedCpuS,
                        enc.loadCpuS / plain.loadCpuS);
                System.out.println(line);
                tsv.append("# ").append(line).append('\n');
            }
        }
        // the cipher alone: 100,000 event-sized payloads sealed, then opened, on this thread
        io.whyrec.server.crypto.PayloadCipher cipher = new io.whyrec.server.crypto.PayloadCipher(key);
        byte[] payload = new byte[40];
        byte[][] sealed = new byte[100_000][];
        long s0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = cipher.sealBytes(payload, "events|u|" + i);
        }
        long s1 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < sealed.length; i++) {
            assertEquals(payload.length, cipher.openBytes(sealed[i], "events|u|" + i).length);
        }
        long s2 = CPU.getCurrentThreadCpuTime();
        String line = String.format(Locale.ROOT, "EncryptionCost cipher: seal %.2f us, open %.2f us per 40-byte value "
                + "(CPU)", (s1 - s0) / 1e3 / sealed.length, (s2 - s1) / 1e3 / sealed.length);
        System.out.println(line);
        tsv.append("# ").append(line).append('\n');
        Files.writeString(Path.of("target", "encryption-cost.tsv"), tsv);
    }

    private Run once(String backendName, int run, KeyProvider key, Path template) throws Exception {
        Path data = dir.resolve(backendName + "-" + run + "-" + (key != null));
        Files.createDirectories(data);
        Files.copy(template.resolve(DatasetSeed.FILE), data.resolve(DatasetSeed.FILE));
        Backend backend = backendName.equals("sqlite") ? Backend.sqlite(data) : Backend.postgres();
        try {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            try (Database db = backend.open()) {
                Store store = new Store(db, key);
                assertEquals(key != null, store.encrypted());
                assertEquals(100_000, DatasetSeed.seedIfEmpty(store, data).events());
            }
            long t1 = System.nanoTime();
            long c1 = CPU.getCurrentThreadCpuTime();
            long[] count = new long[1];
            try (Database db = backend.open()) {
                new Store(db, key).forEachEvent(e -> count[0]++);
            }
            long t2 = System.nanoTime();
            long c2 = CPU.getCurrentThreadCpuTime();
            assertEquals(100_000, count[0]);
            ServerConfig config = backend.configure(ServerConfig.defaults("127.0.0.1", 0, data)
                    .withSecrets(ADMIN, SECRET).withEncryption(key)
                    .withServing(ServingConfig.DEFAULT.withModels(List.of("ease"), "ease").withTuneDefault(false)));
            long t3 = System.nanoTime();
            try (WhyrecServer server = WhyrecServer.start(config)) {
                long t4 = System.nanoTime();
                assertEquals(100_000, server.engine().numEvents());
                assertTrue(server.port() > 0);
                return new Run(backendName, run, key != null, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t4 - t3) / 1e9,
                        (c1 - c0) / 1e9, (c2 - c1) / 1e9);
            }
        } finally {
            backend.drop();
        }
    }
}
