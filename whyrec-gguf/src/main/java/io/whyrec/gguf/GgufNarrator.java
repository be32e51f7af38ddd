package io.whyrec.gguf;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import io.whyrec.explain.narrate.ChatNarrator;
import io.whyrec.explain.narrate.Narrator;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.explain.narrate.NarratorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A narrator that runs a local GGUF model file in process through llama.cpp (java-llama.cpp 4.2.0, its natives
 * inside the jar): the rules and the facts of {@link ChatNarrator} are put through the model's own chat template
 * (llama.cpp's ChatML when the file has none), and the answer is generated with at most {@code maxTokens}
 * tokens, a fixed sampling seed and a deadline: a generation still running at {@code timeout} is cancelled and
 * the template answers. The model is read from the path the operator gives; nothing is downloaded (the bundled
 * llama.cpp is built without libcurl, and no model URL or Hugging Face repository is ever passed to it).
 * One generation at a time (the model has one slot); concurrent callers wait.
 */
public final class GgufNarrator extends ChatNarrator implements AutoCloseable {

    /** The sampling seed of every generation. */
    public static final int SEED = 42;

    private static final System.Logger LOG = System.getLogger(GgufNarrator.class.getName());
    private static boolean loggerSet;

    private final LlamaModel model;
    private final Duration timeout;
    private final int maxTokens;
    private final float temperature;

    /** The backend of {@code --narrator gguf}, found by {@link NarratorConfig#create()} through ServiceLoader. */
    public static final class Provider implements NarratorConfig.Provider {
        @Override
        public String backend() {
            return NarratorConfig.GGUF;
        }

        @Override
        public Narrator create(NarratorConfig config) {
            return new GgufNarrator(Path.of(config.modelPath()), config.timeout(), config.maxTokens(),
                    config.temperature());
        }
    }

    /**
     * Loads a model file.
     *
     * @param file        the GGUF file
     * @param timeout     how long one answer may take
     * @param maxTokens   most tokens written
     * @param temperature sampling temperature
     * @throws IllegalArgumentException when the file is missing, unreadable, not GGUF, or llama.cpp refuses it
     * @throws IllegalStateException    when llama.cpp's native library cannot be loaded on this machine
     */
    public GgufNarrator(Path file, Duration timeout, int maxTokens, double temperature) {
        super(NarratorConfig.GGUF + ":" + Objects.requireNonNull(file, "file").getFileName());
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxTokens = maxTokens;
        this.temperature = (float) temperature;
        checkMagic(file);
        routeNativeLog();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        try {
            this.model = new LlamaModel(new ModelParameters()
                    .setModel(file.toAbsolutePath().toString())
                    .setCtxSize(4096)
                    .setThreads(threads)
                    .setGpuLayers(0)
                    .setSeed(SEED));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--narrator-model-path " + file + ": llama.cpp could not load it: "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected synchronized String complete(String system, String user) throws NarratorException {
        String prompt = model.applyTemplate(new InferenceParameters("")
                .setMessages(system, List.of(new Pair<>("user", user))));
        InferenceParameters p = new InferenceParameters(prompt)
                .setNPredict(maxTokens)
                .setTemperature(temperature)
                .setSeed(SEED);
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder out = new StringBuilder();
        LlamaIterator it = model.generate(p).iterator();
        while (it.hasNext()) {
            LlamaOutput token = it.next();
            out.append(token.text);
            if (System.nanoTime() - deadline > 0 && it.hasNext()) {
                it.cancel();
                throw new NarratorException(name() + ": no answer within " + timeout.toMillis() + " ms (cancelled after "
                        + out.length() + " characters)", null);
            }
        }
        return out.toString();
    }

    /** Frees the model's memory. */
    @Override
    public void close() {
        model.close();
    }

    private static void checkMagic(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--narrator-model-path " + file + ": no such file");
        }
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(magic, 0, 4);
            if (n < 4 || !new String(magic, StandardCharsets.US_ASCII).equals("GGUF")) {
                throw new IllegalArgumentException("--narrator-model-path " + file
                        + ": not a GGUF file (it does not start with the bytes \"GGUF\")");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--narrator-model-path " + file + ": cannot read it: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Sends llama.cpp's log to {@link System.Logger} (warnings and errors as such, the rest at debug level). The
     * first call loads the native library, whose loader prints a line to standard output; it is sent to standard
     * error instead, so that {@code --json} output stays JSON.
     */
    private static synchronized void routeNativeLog() {
        if (loggerSet) {
            return;
        }
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> LOG.log(level == LogLevel.ERROR
                    ? System.Logger.Level.ERROR : level == LogLevel.WARN ? System.Logger.Level.WARNING
                    : System.Logger.Level.DEBUG, message.strip()));
        } catch (LinkageError e) {
            throw new IllegalStateException("--narrator gguf: llama.cpp's native library does not load on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + e.getMessage(), e);
        } finally {
            System.setOut(out);
        }
        loggerSet = true;
    }
}
