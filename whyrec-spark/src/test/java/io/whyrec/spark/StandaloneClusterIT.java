package io.whyrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.whyrec.core.data.Split;
import io.whyrec.core.data.Splits;
import io.whyrec.core.synth.SyntheticConfig;
import io.whyrec.core.synth.SyntheticData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Spark standalone cluster on loopback: the test starts {@code org.apache.spark.deploy.master.Master} and two
 * {@code org.apache.spark.deploy.worker.Worker}s (one core, 768 MB each) as separate JVMs from the Maven jars on
 * 127.0.0.1, waits until the master's {@code /json} lists both workers alive, submits the pipeline to
 * {@code spark://127.0.0.1:PORT} (the executors get this JVM's class path, which works because everything is on one
 * machine) and checks the results against the single-machine path ({@link Agreement}): a synthetic dataset always,
 * ML-100K ua when the shared data is there. Every process is stopped afterwards, also on failure. It is skipped, with
 * a message, only when no loopback port can be bound.
 */
class StandaloneClusterIT {

    private static final Duration STARTUP = Duration.ofSeconds(150);

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static Path work;
    private static String masterUrl;
    private static SparkSession spark;
    /** The executors that ran at least one task. */
    private static final java.util.Set<String> TASK_EXECUTORS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startCluster() throws Exception {
        int masterPort;
        int uiPort;
        try {
            masterPort = freePort();
            uiPort = freePort();
        } catch (IOException e) {
            Assumptions.abort("cannot bind a loopback port: " + e.getMessage());
            return;
        }
        work = Files.createTempDirectory("whyrec-spark-cluster");
        // Workers launch executors through Spark's launcher, which wants a Spark home with a jars folder; the
        // executors' classes come from spark.executor.extraClassPath instead, so the folder stays empty.
        Files.createDirectories(work.resolve("spark-home/jars"));
        try {
            PROCESSES.add(start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    String.valueOf(masterPort), "--webui-port", String.valueOf(uiPort)));
            masterUrl = "spark://127.0.0.1:" + masterPort;
            for (int w = 1; w <= 2; w++) {
                Path dir = Files.createDirectories(work.resolve("worker-" + w));
                PROCESSES.add(start("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
                        "--cores", "1", "--memory", "768m", "--work-dir", dir.toString(), masterUrl));
            }
            awaitWorkers(uiPort, 2);
            spark = TestSpark.builder(masterUrl)
                    .config("spark.executor.memory", "512m")
                    .config("spark.executor.cores", "1")
                    .config("spark.cores.max", "2")
                    .config("spark.executor.extraClassPath", classPath())
                    .config("spark.executor.extraJavaOptions", System.getProperty("whyrec.spark.jvmFlags", ""))
                    .getOrCreate();
            awaitExecutors(2);
            spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
                @Override
                public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                    TASK_EXECUTORS.add(end.taskInfo().executorId());
                }
            });
        } catch (Exception | AssertionError e) {
            stopCluster();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        TestSpark.stop(spark);
        spark = null;
        for (int p = PROCESSES.size() - 1; p >= 0; p--) {
            Process process = PROCESSES.get(p);
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        PROCESSES.clear();
    }

    @Test
    void syntheticDataOnTwoWorkersAgreesWithTheSingleMachinePath() throws Exception {
        SyntheticData data = SyntheticData.generate(SyntheticConfig.DEFAULT.withSize(150, 200), 20261203L);
        Split split = Splits.randomRatio(data.dataset(), 0.8, 7L);
        Path out = Files.createDirectories(work.resolve("out-synthetic"));
        SparkPipeline.Options options = SparkPipeline.Options.defaults();
        SparkPipeline.Result result = SparkPipeline.run(spark, split.train(), split.test(), out, options);
        Agreement.Counts counts = Agreement.check(spark, split.train(), split.test(), options, result);
        System.out.println("synthetic on " + masterUrl + ": " + counts.line());
        assertEquals(2, executorsUsed(), "executors of the application");
        assertEquals(2, TASK_EXECUTORS.size(), "executors that ran tasks: " + TASK_EXECUTORS);
    }

    @Test
    void ml100kOnTwoWorkersAgreesWithTheSingleMachinePath() throws Exception {
        Split split = Ml100k.uaSplit();
        Path out = Files.createDirectories(work.resolve("out-ml100k"));
        SparkPipeline.Options options = SparkPipeline.Options.defaults();
        long t0 = System.nanoTime();
        SparkPipeline.Result result = SparkPipeline.run(spark, split.train(), split.test(), out, options);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Agreement.Counts counts = Agreement.check(spark, split.train(), split.test(), options, result);
        System.out.printf(Locale.ROOT, "ML-100K ua on %s (2 workers x 1 core): Spark job %.1f s %s%n", masterUrl,
                seconds, result.stageSeconds());
        System.out.println("ML-100K ua on the cluster: " + counts.line());
        assertEquals(943, counts.profileUsers());
    }

    /** Executors other than the driver that the application holds. */
    private static int executorsUsed() {
        return spark.sparkContext().getExecutorMemoryStatus().size() - 1;
    }

    /** Waits until the application holds {@code wanted} executors (one per worker). */
    private static void awaitExecutors(int wanted) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (executorsUsed() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(executorsUsed() + " of " + wanted + " executors started within " + STARTUP
                        + "; logs:\n" + logs());
            }
            Thread.sleep(500);
        }
    }

    private static Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // no REST submission server (it would take the fixed port 6066); the daemons log at INFO to their files
        command.add("-Dspark.master.rest.enabled=false");
        command.add("-Dlog4j2.configurationFile=classpath:org/apache/spark/log4j2-defaults.properties");
        for (String flag : System.getProperty("whyrec.spark.jvmFlags", "").split("\\s+")) {
            if (!flag.isBlank()) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", work.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_LOCAL_DIRS", work.resolve("local").toString());
        return builder.start();
    }

    /** The test class path: surefire/failsafe run from a manifest-only jar and name the real one here. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static void awaitWorkers(int uiPort, int wanted) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                .timeout(Duration.ofSeconds(10)).build();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + STARTUP.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            for (Process p : PROCESSES) {
                if (!p.isAlive()) {
                    throw new AssertionError("a cluster process exited with " + p.exitValue() + "; logs:\n" + logs());
                }
            }
            try {
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(body);
                if (m.find()) {
                    seen = Integer.parseInt(m.group(1));
                    if (seen >= wanted) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the master's web UI is not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(seen + " of " + wanted + " workers registered within " + STARTUP + "; logs:\n"
                + logs());
    }

    private static String logs() throws IOException {
        StringBuilder s = new StringBuilder();
        try (var files = Files.list(work)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                s.append("== ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> s.append(l).append('\n'));
            }
        }
        return s.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
