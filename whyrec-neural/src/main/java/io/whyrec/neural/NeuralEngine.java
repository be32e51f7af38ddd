package io.whyrec.neural;

import ai.djl.engine.Engine;
import java.nio.file.Path;

/**
 * Makes DJL run fully offline before it is first used: the PyTorch native library comes from the
 * {@code pytorch-native-cpu} jar on the class path (never downloaded), {@code ai.djl.offline=true} forbids any
 * download, and the directory DJL extracts the native library to ({@code DJL_CACHE_DIR} and
 * {@code ENGINE_CACHE_DIR}) is inside the project, {@code data/cache/djl} relative to the working directory
 * unless the system property or environment variable is already set (the module's test configuration sets both).
 *
 * <p>DJL reads these settings when its engine class is initialised, so {@link #configure()} must run before any
 * DJL class that touches the engine; every entry point of this module calls it.
 */
public final class NeuralEngine {

    /** Default cache directory of the extracted native library, relative to the working directory. */
    public static final Path DEFAULT_CACHE_DIR = Path.of("data", "cache", "djl");

    /** The engine every model of this module runs on. */
    public static final String ENGINE = "PyTorch";

    /** System property overriding the number of PyTorch intra-op threads. */
    public static final String THREADS_PROPERTY = "whyrec.torch.threads";
    /** Default number of PyTorch intra-op threads. */
    public static final int DEFAULT_THREADS = 1;

    private static volatile boolean configured;
    private static boolean threadsSet;

    private NeuralEngine() {
    }

    /** Sets the offline flag and the cache directories (unless already set); idempotent. */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        System.setProperty("ai.djl.offline", "true");
        String dir = firstSet("DJL_CACHE_DIR");
        if (dir == null) {
            dir = DEFAULT_CACHE_DIR.toAbsolutePath().toString();
            System.setProperty("DJL_CACHE_DIR", dir);
        }
        if (firstSet("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", dir);
        }
        configured = true;
    }

    /**
     * Sets PyTorch's intra-op threads once, before the first tensor operation: {@value #THREADS_PROPERTY} when set,
     * else {@value #DEFAULT_THREADS} (why: docs/neural.md, "Threads"). Callers that score in parallel (the evaluator's threads) get their parallelism from their own threads.
     */
    static synchronized void threads() {
        if (threadsSet) {
            return;
        }
        int n = Integer.getInteger(THREADS_PROPERTY, DEFAULT_THREADS);
        ai.djl.pytorch.jni.JniUtils.setNumThreads(Math.max(1, n));
        threadsSet = true;
    }

    /** The PyTorch engine, after {@link #configure()}. */
    public static Engine engine() {
        configure();
        Engine e = Engine.getEngine(ENGINE);
        threads();
        return e;
    }

    /**
     * Seeds the engine's random generator (parameter initialisation, dropout) and DJL's Java-side generator.
     *
     * @param seed the seed; the engine takes an int, so the low 32 bits are used
     */
    public static void seed(long seed) {
        Engine e = engine();
        e.setRandomSeed((int) seed);
        ai.djl.util.RandomUtils.RANDOM.setSeed(seed);
    }

    private static String firstSet(String key) {
        String v = System.getenv(key);
        if (v == null || v.isBlank()) {
            v = System.getProperty(key);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
