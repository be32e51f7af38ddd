package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command of README.md, run as written by {@code bash} from a copy of the repository root (its entries
 * linked, so that the data directories the commands make, such as {@code ml100k/}, land in a temporary directory
 * and {@code ../shared} is the shared data beside the real repository). A broken example fails CI.
 *
 * <p>Commands run to completion and must exit 0 within their time limit, with no stack trace on stderr. A
 * {@code serve} command must answer {@code GET /health} with 200 (ready) within its limit; the {@code curl}
 * commands after it run against it and must answer JSON without an error; then it is stopped with SIGTERM and
 * must exit 0. The test command itself ({@code mvn -B verify}) is not run from inside itself. The load benchmark
 * ({@code whyrec-server/bench/all.sh}) runs with short durations ({@code DURATION=2s WARMUP=2s}): the point here
 * is that it works as written, its figures come from a full run. Without {@code ../shared/data} only the set-up
 * section runs (the demo on synthetic data), and the rest says it skipped.
 *
 * <p>Each command's output is kept in {@code target/readme-commands/NN.log}.
 */
class ReadmeCommandsIT {

    private static final Duration RUN_LIMIT = Duration.ofMinutes(8);
    /** The load benchmark starts the server three times on ML-1M, each tuning EASE (about 2 min each here). */
    private static final Duration BENCH_LIMIT = Duration.ofMinutes(15);
    private static final Duration READY_LIMIT = Duration.ofMinutes(5);
    private static final Map<String, String> BENCH_ENV = Map.of("DURATION", "2s", "WARMUP", "2s");

    @Test
    void everyReadmeCommandRunsAsWritten() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path root = module.getParent();
        List<ReadmeCommands.Command> commands = ReadmeCommands.parse(root.resolve("README.md"));
        assertTrue(commands.size() >= 10, "README.md has " + commands.size() + " commands in ```sh blocks");
        Path shared = Path.of(System.getProperty("whyrec.shared.data", "../../shared/data")).toAbsolutePath();
        boolean haveData = Files.isDirectory(shared);

        Path work = Files.createTempDirectory("whyrec-readme");
        Path repo = work.resolve("repo");
        Files.createDirectories(repo);
        if (haveData) {
            Files.createSymbolicLink(work.resolve("shared"), shared.getParent());
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                String name = e.getFileName().toString();
                if (!name.equals(".git") && !name.equals("ml100k")) {
                    Files.createSymbolicLink(repo.resolve(name), e);
                }
            }
        }
        Path logs = module.resolve("target/readme-commands");
        Files.createDirectories(logs);

        List<String> summary = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Process server = null;
        ReadmeCommands.Command serving = null;
        int n = 0;
        for (ReadmeCommands.Command c : commands) {
            n++;
            ReadmeCommands.Kind kind = c.kind();
            if (kind != ReadmeCommands.Kind.CURL && server != null) {
                stop(server, serving, failures);
                server = null;
            }
            if (kind == ReadmeCommands.Kind.SELF) {
                summary.add(String.format("%2d  skipped (the suite's own command)  %s", n, c));
                continue;
            }
            if (c.readsSharedData() && !haveData) {
                summary.add(String.format("%2d  skipped (no ../shared/data at %s)  %s", n, shared, c));
                continue;
            }
            Path log = logs.resolve(String.format("%02d.log", n));
            long t0 = System.nanoTime();
            String outcome;
            switch (kind) {
                case SERVE -> {
                    try (ServerSocket probe = new ServerSocket(c.port())) {
                        probe.setReuseAddress(true);
                    } catch (IOException busy) {
                        failures.add(c + "\n  port " + c.port() + " is busy on this machine, so the command cannot"
                                + " be run as written");
                        continue;
                    }
                    server = shell(c, repo, log).start();
                    serving = c;
                    outcome = awaitReady(server, c, log, failures);
                    if (!outcome.equals("ready")) {
                        stop(server, c, failures);
                        server = null;
                    }
                }
                case CURL -> {
                    if (server == null) {
                        failures.add(c + "\n  no server is running for it (the serve command before it failed)");
                        continue;
                    }
                    outcome = runToEnd(c, repo, log, failures);
                    String out = Files.readString(log, StandardCharsets.UTF_8);
                    if (outcome.equals("exit 0") && (!out.strip().startsWith("{") || out.contains("\"error\""))) {
                        failures.add(c + "\n  answered " + out.strip());
                    }
                }
                default -> outcome = runToEnd(c, repo, log, failures);
            }
            summary.add(String.format("%2d  %-10s %6.1f s  %s", n, outcome, (System.nanoTime() - t0) / 1e9, c));
        }
        if (server != null) {
            stop(server, serving, failures);
        }
        System.out.println("README commands (logs in " + logs + "):\n" + String.join("\n", summary));
        if (!failures.isEmpty()) {
            fail(failures.size() + " README command(s) failed:\n" + String.join("\n", failures));
        }
        if (!haveData) {
            System.out.println("README commands that read ../shared/data skipped: not found at " + shared);
        }
    }

    private static ProcessBuilder shell(ReadmeCommands.Command c, Path repo, Path log) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", c.text()).directory(repo.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        if (c.text().contains("bench/all.sh")) {
            pb.environment().putAll(BENCH_ENV);
        }
        return pb;
    }

    private static String runToEnd(ReadmeCommands.Command c, Path repo, Path log, List<String> failures)
            throws IOException, InterruptedException {
        Process p = shell(c, repo, log).start();
        Duration limit = c.text().contains("bench/all.sh") ? BENCH_LIMIT : RUN_LIMIT;
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            kill(p);
            failures.add(c + "\n  did not finish in " + limit.toMinutes() + " min; output:\n" + tail(log));
            return "timeout";
        }
        int code = p.exitValue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (code != 0) {
            failures.add(c + "\n  exit " + code + "; output:\n" + tail(log));
        } else if (out.contains("Exception in thread") || out.contains("\tat io.whyrec.")) {
            failures.add(c + "\n  exit 0 but a stack trace in its output:\n" + tail(log));
        }
        return "exit " + code;
    }

    private static String awaitReady(Process server, ReadmeCommands.Command c, Path log, List<String> failures)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                failures.add(c + "\n  exited with " + server.exitValue() + " before it was ready; output:\n"
                        + tail(log));
                return "exit " + server.exitValue();
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    if (!r.body().contains("\"ready\"")) {
                        failures.add(c + "\n  GET /health answered 200 " + r.body());
                    }
                    return "ready";
                }
            } catch (ConnectException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        failures.add(c + "\n  not ready in " + READY_LIMIT.toMinutes() + " min; output:\n" + tail(log));
        return "not ready";
    }

    private static void stop(Process server, ReadmeCommands.Command c, List<String> failures)
            throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(server.descendants().toList());
        server.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            kill(server);
            failures.add(c + "\n  did not stop within 60 s of SIGTERM");
            return;
        }
        int code = server.exitValue();
        // bash -c execs the launcher, which execs java: SIGTERM reaches the JVM, whose shutdown exits 143
        if (code != 0 && code != 143) {
            failures.add(c + "\n  exited " + code + " on SIGTERM");
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return "    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }
}
