package io.whyrec.server.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in a JVM of its own ({@link ServerMain}, started with {@code java -cp} and the test's class path), for
 * the tests that kill it with SIGKILL ({@link Process#destroyForcibly()}).
 */
public final class ServerProcess {

    private ServerProcess() {
    }

    /**
     * Starts {@code ServerMain DATA_DIR ADMIN_KEY [JDBC_URL]}; its standard error goes to {@code log} (or is
     * discarded when null).
     */
    public static Process launch(Path dataDir, String adminKey, String jdbcUrl, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                dataDir.toString(), adminKey));
        if (jdbcUrl != null) {
            cmd.add(jdbcUrl);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    /**
     * The port the process printed ({@code PORT <n>}) once it serves.
     *
     * @throws IllegalStateException when it ended or printed none within 120 s
     */
    public static int port(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the server process printed no port (exit "
                + (p.isAlive() ? "none yet" : String.valueOf(p.exitValue())) + ")");
    }
}
