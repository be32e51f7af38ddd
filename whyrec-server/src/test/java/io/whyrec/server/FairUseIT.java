package io.whyrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.server.limits.FairUse;
import io.whyrec.server.live.ServingConfig;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expensive-request measurement (issue 11, acceptance "8 concurrent maximal requests leave other users' p99
 * within 2x of idle"): ML-100K's {@code u.data} (100,000 events) served with the default models; other users'
 * cheap requests (their list of 10 without explanations, or their profile; the response cache off, so each is
 * computed) timed by one client in a closed loop, idle and while 8 clients, each with the token of one of the 8
 * users with the longest histories, loop on maximal requests (k=100 with method=counterfactual, shap, lime and
 * loo, the explanation of one item with k=100 and a counterfactual, why-not with k=100). Idle and loaded slices
 * alternate ({@value #SLICES} of each per round; before an idle slice the maximal requests in flight finish, a
 * loaded slice starts 1 s after they resume), so that the shared machine's other load falls on both alike. The
 * comparison runs {@value #ROUNDS} rounds on a server with the default fair-use limits, reports each round's
 * loaded/idle p99 ratio and asserts the loaded p99 of all rounds' samples is at most 2x their idle p99; the same
 * rounds on a server without limits
 * ({@link FairUse#OFF}) and on one with the gate but no cost budget are reported beside it with
 * {@code -Dwhyrec.fair.configs=all} (not asserted: they show what the limits buy; left out by default to keep CI
 * short). Every figure is printed; docs/serving.md ("Fair use") holds the measured ones.
 *
 * <p>The 8 clients run in this JVM, on the same cores as the server: after a refused answer (400 or 429) each
 * waits 10 ms before its next request, so that the clients' own spinning does not take the cores that a remote
 * client's would not. {@code -Dwhyrec.fair.seconds=S} sets the idle (and the loaded) time of a round (default 10 s).
 *
 * <p>It runs only with {@code -Dwhyrec.fair=true}: a ratio of millisecond tails on the machine that runs the build is
 * a benchmark, not a unit of CI (a quiet idle phase alone once moved it from 1.2-1.5x to 2.3x), so the build's
 * functional checks of the limits live in {@code ServerContract} and the limiters' unit tests instead.
 */
class FairUseIT {

    private static final String ADMIN = "it-admin-key-0123456789";
    private static final byte[] SECRET = "it-token-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final int ROUNDS = 3;
    private static final int HOSTILE = 8;
    private static final int SLICES = 5;
    private static final long SEED = 11;

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The 8 maximal clients' own HTTP client: other users do not share the attacker's connections or threads. */
    private final HttpClient hostileHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private record Resp(int status, String body) {
    }

    private Resp get(int port, String path, String admin, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (admin != null) {
            b.header("X-Admin-Key", admin);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r.body());
    }

    /**
     * A maximal client's request: its own HTTP client reads the whole answer off the socket and discards it (its
     * status is all the test needs), as a remote client would without spending this machine's cores and heap on
     * decoding several megabytes of explanations into strings.
     */
    private int hostileGet(int port, String path, String token) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build();
        return hostileHttp.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String token(int port, String user) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/users/" + user
                + "/token")).header("X-Admin-Key", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body()).get("token").asText();
    }

    /** Latency percentiles of one phase, in milliseconds. */
    private record Phase(int n, double p50, double p99) {
        static Phase of(List<Long> nanos, int unused) {
            long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            return new Phase(a.length, pct(a, 0.50), pct(a, 0.99));
        }

        private static double pct(long[] a, double q) {
            int i = (int) Math.ceil(q * a.length) - 1;
            return a[Math.max(0, Math.min(a.length - 1, i))] / 1e6;
        }
    }

    @Test
    void eightMaximalRequestsLeaveOtherUsersP99WithinTwiceIdle() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("whyrec.fair"), "skipped: a latency benchmark, not a CI test "
                + "(its p99 ratio swings with the shared machine's load); run it with -Dwhyrec.fair=true "
                + "(docs/serving.md, \"Fair use\")");
        Path data = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("u.data")), "skipped: ../shared/data not found");
        long seconds = Long.getLong("whyrec.fair.seconds", 10);
        Importer.importTo(ImportRequest.of(ImportFormat.ML100K, data.resolve("u.data"))
                .withItems(data.resolve("u.item")), dir.resolve("dataset.whyrec"));
        Map<String, Integer> counts = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve("u.data"), StandardCharsets.ISO_8859_1)) {
            if (!line.isBlank()) {
                counts.merge(line.split("\t")[0], 1, Integer::sum);
            }
        }
        List<String> byLength = new ArrayList<>(counts.keySet());
        byLength.sort((x, y) -> counts.get(y) - counts.get(x) != 0 ? counts.get(y) - counts.get(x) : x.compareTo(y));
        List<String> hostile = byLength.subList(0, HOSTILE);
        List<String> others = new ArrayList<>(byLength.subList(HOSTILE, byLength.size()));
        java.util.Collections.shuffle(others, new java.util.Random(SEED));
        others = others.subList(0, 300);
        System.out.printf(Locale.ROOT, "fair-use IT: %d users, the 8 heaviest with %s events, %d other users%n",
                counts.size(), hostile.stream().map(counts::get).toList(), others.size());

        Map<String, List<double[]>> ratios = new java.util.LinkedHashMap<>();
        Map<String, FairUse> configs = new java.util.LinkedHashMap<>();
        configs.put("no limits", FairUse.OFF);
        configs.put("gate only", FairUse.DEFAULT.withMaxCost(0));
        configs.put("defaults", FairUse.DEFAULT);
        // by default only the asserted configuration runs (CI time); -Dwhyrec.fair.configs=all adds the two controls
        String wanted = System.getProperty("whyrec.fair.configs", "defaults");
        List<String> chosen = wanted.equals("all") ? List.copyOf(configs.keySet()) : List.of(wanted.split(","));
        configs.keySet().retainAll(chosen);
        for (Map.Entry<String, FairUse> c : configs.entrySet()) {
            ServerConfig config = ServerConfig.defaults("127.0.0.1", 0, dir.resolve(c.getKey().replace(' ', '-')
                            .replace(",", ""))).withSecrets(ADMIN, SECRET)
                    .withServing(ServingConfig.DEFAULT.withRefitSeconds(0).withResponseCacheBytes(0))
                    .withFairUse(c.getValue());
            Files.createDirectories(config.dataDir());
            Files.copy(dir.resolve("dataset.whyrec"), config.dataDir().resolve("dataset.whyrec"));
            try (WhyrecServer server = WhyrecServer.start(config)) {
                ratios.put(c.getKey(), measure(server.port(), hostile, others, seconds, c.getKey(), counts));
            }
        }
        for (Map.Entry<String, List<double[]>> e : ratios.entrySet()) {
            List<double[]> rounds = e.getValue().subList(0, ROUNDS);
            double lo = rounds.stream().mapToDouble(r -> r[2]).min().orElseThrow();
            double hi = rounds.stream().mapToDouble(r -> r[2]).max().orElseThrow();
            double[] all = e.getValue().get(ROUNDS);
            System.out.printf(Locale.ROOT, "fair-use IT: %-16s loaded/idle p99 ratio per round %.2f-%.2f; over all "
                    + "%d rounds: idle p99 %.2f ms, loaded p99 %.2f ms, ratio %.2f%n", e.getKey(), lo, hi, ROUNDS,
                    all[0], all[1], all[2]);
        }
        if (ratios.containsKey("defaults")) {
            double[] all = ratios.get("defaults").get(ROUNDS);
            assertTrue(all[2] <= 2.0, String.format(Locale.ROOT, "with the default limits, the loaded p99 %.2f ms of "
                    + "all rounds is above 2x their idle p99 %.2f ms", all[1], all[0]));
        }
    }

    /**
     * Rounds of alternating idle and loaded slices: each round's {idle p99, loaded p99, ratio}, then the same
     * over the samples of all rounds together.
     */
    private List<double[]> measure(int port, List<String> hostile, List<String> others, long seconds, String name,
                                   Map<String, Integer> counts) throws Exception {
        Map<String, String> tokens = new HashMap<>();
        for (String u : hostile) {
            tokens.put(u, token(port, u));
        }
        for (String u : others) {
            tokens.put(u, token(port, u));
        }
        // each heavy user's top item (explained with a counterfactual) and an item outside its top 100 (why-not)
        Map<String, String[]> targets = new HashMap<>();
        for (String u : hostile) {
            JsonNode top = json.readTree(get(port, "/v1/users/" + u + "/recommendations?k=1", null, tokens.get(u))
                    .body());
            JsonNode deep = json.readTree(get(port, "/v1/users/" + u + "/recommendations?k=100&offset=400", null,
                    tokens.get(u)).body());
            targets.put(u, new String[]{top.get("items").get(0).get("item").asText(),
                    deep.get("items").get(0).get("item").asText()});
        }
        if (name.equals("no limits")) {
            calibrate(port, hostile.get(0), tokens.get(hostile.get(0)), targets.get(hostile.get(0)), counts, name);
        }
        // warm the cheap path
        cheap(port, others, tokens, 3_000, new SplittableRandom(SEED), new ArrayList<>());
        List<String> hostileUsers = hostile;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean paused = new AtomicBoolean(true);
        AtomicLong inFlight = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < HOSTILE; t++) {
            String u = hostileUsers.get(t);
            String[] items = targets.get(u);
            List<String> paths = List.of(
                    "/v1/users/" + u + "/recommendations?k=100&explain=true&method=counterfactual",
                    "/v1/users/" + u + "/recommendations?k=100&explain=true&method=shap",
                    "/v1/users/" + u + "/recommendations/" + items[0] + "/explanation?k=100&method=counterfactual",
                    "/v1/users/" + u + "/items/" + items[1] + "/why-not?k=100",
                    "/v1/users/" + u + "/recommendations?k=100&explain=true&method=lime",
                    "/v1/users/" + u + "/recommendations?k=100&explain=true&method=loo");
            int first = t;
            Thread th = new Thread(() -> {
                int i = first;
                while (!stop.get()) {
                    try {
                        if (paused.get()) {
                            Thread.sleep(5);
                            continue;
                        }
                        inFlight.incrementAndGet();
                        int status;
                        try {
                            status = hostileGet(port, paths.get(i++ % paths.size()), tokens.get(u));
                        } finally {
                            inFlight.decrementAndGet();
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (status != 200) {
                            Thread.sleep(10);
                        }
                    } catch (Exception e) {
                        statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                    }
                }
            }, "hostile-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        // idle and loaded slices alternate, so that the machine's other load drifts over both alike
        long sliceMillis = seconds * 1000 / SLICES;
        List<double[]> out = new ArrayList<>();
        List<Long> allIdle = new ArrayList<>();
        List<Long> allLoaded = new ArrayList<>();
        try {
            // round 0 warms up: the JIT compiles the explainers and the server's paths while it runs, on the
            // same cores as the cheap requests; a long-running server has done that once, so it is printed and
            // not counted
            for (int round = 0; round <= ROUNDS; round++) {
                statuses.clear();
                List<Long> idleNanos = new ArrayList<>();
                List<Long> loadedNanos = new ArrayList<>();
                int errors = 0;
                SplittableRandom rnd = new SplittableRandom(SEED + round);
                long[] gcIdle = new long[2];
                long[] gcLoaded = new long[2];
                for (int slice = 0; slice < SLICES; slice++) {
                    paused.set(true);
                    while (inFlight.get() > 0) {
                        Thread.sleep(5); // the maximal requests in flight finish
                    }
                    long[] g0 = gc();
                    errors += cheap(port, others, tokens, sliceMillis, rnd, idleNanos);
                    long[] g1 = gc();
                    paused.set(false);
                    Thread.sleep(1_000); // the maximal requests are running
                    long[] g2 = gc();
                    errors += cheap(port, others, tokens, sliceMillis, rnd, loadedNanos);
                    long[] g3 = gc();
                    for (int i = 0; i < 2; i++) {
                        gcIdle[i] += g1[i] - g0[i];
                        gcLoaded[i] += g3[i] - g2[i];
                    }
                }
                paused.set(true);
                Phase idle = Phase.of(idleNanos, 0);
                Phase loaded = Phase.of(loadedNanos, 0);
                double ratio = loaded.p99() / idle.p99();
                System.out.printf(Locale.ROOT, "fair-use IT: %-16s round %d%s: idle %d requests p50 %.2f ms p99 %.2f "
                                + "ms; loaded %d requests p50 %.2f ms p99 %.2f ms; p99 ratio %.2f, p50 ratio %.2f; "
                                + "maximal requests by status %s; collections (count, ms) idle %d, %d, loaded %d, %d%n",
                        name, round, round == 0 ? " (warm-up, not counted)" : "", idle.n(), idle.p50(), idle.p99(), loaded.n(), loaded.p50(), loaded.p99(), ratio,
                        loaded.p50() / idle.p50(), new java.util.TreeMap<>(statuses), gcIdle[0], gcIdle[1],
                        gcLoaded[0], gcLoaded[1]);
                assertEquals(0, errors, "every cheap request is answered 200");
                if (round == 0) {
                    continue;
                }
                out.add(new double[]{idle.p99(), loaded.p99(), ratio});
                allIdle.addAll(idleNanos);
                allLoaded.addAll(loadedNanos);
            }
            Phase idle = Phase.of(allIdle, 0);
            Phase loaded = Phase.of(allLoaded, 0);
            out.add(new double[]{idle.p99(), loaded.p99(), loaded.p99() / idle.p99()});
        } finally {
            stop.set(true);
            for (Thread th : threads) {
                th.join(120_000);
            }
        }
        return out;
    }

    /**
     * Two timings (the median of 3, after one for compilation) of each explanation request for the heaviest user,
     * beside its cost estimate, so that the factors of {@link io.whyrec.server.limits.CostBudget} can be checked:
     * nanoseconds per cost unit.
     */
    private void calibrate(int port, String u, String token, String[] items, Map<String, Integer> counts, String name)
            throws Exception {
        int h = counts.get(u);
        Map<String, io.whyrec.server.limits.CostBudget.Estimate> paths = new java.util.LinkedHashMap<>();
        for (int k : new int[]{10, 100}) {
            for (String m : List.of("exact", "loo", "lime", "shap", "counterfactual")) {
                paths.put("/v1/users/" + u + "/recommendations?k=" + k + "&explain=true&method=" + m,
                        io.whyrec.server.limits.CostBudget.explain(h, k, m.equals("counterfactual") ? "exact" : m,
                                m.equals("counterfactual")));
            }
        }
        paths.put("/v1/users/" + u + "/recommendations/" + items[0] + "/explanation?k=100&method=counterfactual",
                io.whyrec.server.limits.CostBudget.explain(h, 1, "exact", true));
        paths.put("/v1/users/" + u + "/items/" + items[1] + "/why-not?k=100",
                io.whyrec.server.limits.CostBudget.whyNot(h));
        for (Map.Entry<String, io.whyrec.server.limits.CostBudget.Estimate> p : paths.entrySet()) {
            get(port, p.getKey(), null, token); // compilation
            long[] t = new long[3];
            int status = 0;
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                status = get(port, p.getKey(), null, token).status();
                t[i] = System.nanoTime() - t0;
            }
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "fair-use IT: calibration, user %s (%d events) %s: %d, median %.1f ms, "
                            + "estimate %,d units, %.1f ns per unit%n", u, h,
                    p.getKey().substring(p.getKey().indexOf(u) + u.length()), status, t[1] / 1e6, p.getValue().cost(),
                    (double) t[1] / p.getValue().cost());
        }
    }

    /** The JVM's garbage collections so far: {count, milliseconds}. */
    private static long[] gc() {
        long n = 0;
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[]{n, ms};
    }

    /** One client's closed loop of cheap requests for a slice's length; returns the number of non-200 answers. */
    private int cheap(int port, List<String> users, Map<String, String> tokens, long millis, SplittableRandom rnd,
                      List<Long> nanos) throws Exception {
        int errors = 0;
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            String u = users.get(rnd.nextInt(users.size()));
            String path = rnd.nextBoolean() ? "/v1/users/" + u + "/recommendations?k=10" : "/v1/users/" + u
                    + "/profile";
            long t0 = System.nanoTime();
            Resp r = get(port, path, null, tokens.get(u));
            nanos.add(System.nanoTime() - t0);
            if (r.status() != 200) {
                errors++;
            }
        }
        return errors;
    }
}
