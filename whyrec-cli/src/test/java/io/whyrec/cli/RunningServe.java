package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A {@code whyrec serve} run in a thread of the test: started with the command's arguments, found by the address
 * it prints ("serving on http://127.0.0.1:PORT "), and stopped the way Ctrl-C stops it, through
 * {@link ServeCommand#stop}. Its standard output and error are kept for the failure messages.
 */
final class RunningServe {

    private static final Pattern SERVING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+) ");

    private final ServeCommand command;
    private final Thread thread;
    private final AtomicInteger exit;
    private final StringWriter out;
    private final StringWriter err;
    private final Duration stopWait;
    private final int port;

    private RunningServe(ServeCommand command, Thread thread, AtomicInteger exit, StringWriter out,
            StringWriter err, Duration stopWait, int port) {
        this.command = command;
        this.thread = thread;
        this.exit = exit;
        this.out = out;
        this.err = err;
        this.stopWait = stopWait;
        this.port = port;
    }

    /**
     * Writes the three-film dataset the serve tests start from into a data directory's dataset.whyrec: items a
     * "Alien" (Sci-Fi), b "Amelie" (Comedy) and c "Solaris" (Sci-Fi); user x rated a 5 at t = 100 and b 4 at 200,
     * user y rated c 3 at 300.
     *
     * @param dataDir the data directory
     * @throws IOException when the file cannot be written
     */
    static void writeThreeFilms(Path dataDir) throws IOException {
        Map<String, Item> meta = Map.of("a", new Item("a", "Alien", "", List.of("Sci-Fi")),
                "b", new Item("b", "Amelie", "", List.of("Comedy")), "c", new Item("c", "Solaris", "", List.of("Sci-Fi")));
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(List.of("a", "b", "c")), meta);
        Dataset data = Dataset.fromGrouped(IdIndex.of(List.of("x", "y")), catalog, List.of("rating"),
                new int[]{0, 2, 3}, new int[]{0, 1, 2}, new long[]{100, 200, 300}, new float[]{5, 4, 3},
                new short[]{0, 0, 0});
        DatasetFile.write(dataDir.resolve("dataset.whyrec"), data);
    }

    /** Starts {@code whyrec serve ARGS}, waiting up to 30 s for its address; {@link #stop} waits up to 20 s. */
    static RunningServe start(String... args) throws InterruptedException {
        return start(Duration.ofSeconds(30), Duration.ofSeconds(20), args);
    }

    /**
     * Starts {@code whyrec serve ARGS} and waits for the address it prints.
     *
     * @param startWait how long to wait for the address (the test fails, showing the output, when none came)
     * @param stopWait  how long {@link #stop} waits for the command to return
     * @param args      the command's arguments
     * @return the running command
     * @throws InterruptedException when the test is interrupted while it waits
     */
    static RunningServe start(Duration startWait, Duration stopWait, String... args) throws InterruptedException {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(cli.execute(args)), "whyrec-serve");
        t.start();
        Matcher m = SERVING.matcher("");
        long polls = startWait.toMillis() / 50;
        for (long i = 0; i < polls && !m.reset(out.toString()).find() && t.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertTrue(m.reset(out.toString()).find(), "printed its address: " + out + err);
        return new RunningServe(serve, t, exit, out, err, stopWait, Integer.parseInt(m.group(1)));
    }

    /** The port it serves on. */
    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** What it printed on standard output so far. */
    String out() {
        return out.toString();
    }

    /** The admin key of its data directory (admin.key, written at the first start unless one was set). */
    String adminKey() throws IOException {
        return Files.readString(Path.of(command.dataDir.toString(), "admin.key")).trim();
    }

    /**
     * Stops serving and waits for the command to return; a second call only waits again.
     *
     * @return the command's exit code (-1 when it has not returned in time)
     * @throws InterruptedException when the test is interrupted while it waits
     */
    int stop() throws InterruptedException {
        command.stop.countDown();
        thread.join(stopWait.toMillis());
        return exit.get();
    }
}
