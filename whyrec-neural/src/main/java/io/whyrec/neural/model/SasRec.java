package io.whyrec.neural.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDScope;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.History;
import io.whyrec.core.files.PersistentModel;
import io.whyrec.neural.NeuralEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted SASRec model behind ids and scores: {@link #score} reads the history's items in order (oldest first,
 * the last {@code maxLen} of them) and gives every item its probability of being the next one. Seen items are not
 * masked here; the caller excludes them ({@link io.whyrec.api.Recommender#recommend}). Scoring is thread-safe
 * (every call uses its own predictor and tensor scope).
 *
 * <p>Saved as two files in a directory ({@link #save}): {@value #PARAMS_FILE}, DJL's block parameter format, and
 * {@value #CONFIG_FILE}, a small JSON object with the catalogue size, the configuration and the training summary.
 * It is also a {@link PersistentModel} (payload: the same JSON and parameter bytes), so a model file ({@link io.whyrec.core.files.ModelFiles}) can hold it.
 */
public final class SasRec implements PersistentModel, AutoCloseable {

    /** The model name and the persisted kind. */
    public static final String NAME = "sasrec";
    /** Parameter file name inside a saved model directory. */
    public static final String PARAMS_FILE = "sasrec.params";
    /** Configuration file name inside a saved model directory. */
    public static final String CONFIG_FILE = "sasrec.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;
    private final SasRecBlock block;
    private final SequenceTranslator translator;
    private final Map<String, Object> summary;

    private SasRec(Model model, SasRecBlock block, Map<String, Object> summary) {
        this.model = model;
        this.block = block;
        this.translator = new SequenceTranslator(block.config().maxLen(), block.config().context());
        this.summary = new LinkedHashMap<>(summary);
    }

    /**
     * A model with freshly initialised parameters (seeded by {@link NeuralEngine#seed}), for the trainer.
     *
     * @param numItems catalogue size
     * @param config   sizes and seed
     */
    public static SasRec initialise(int numItems, SasRecConfig config) {
        NeuralEngine.seed(config.seed());
        Model m = Model.newInstance(NAME, Device.cpu(), NeuralEngine.ENGINE);
        SasRecBlock b = new SasRecBlock(numItems, config);
        m.setBlock(b);
        b.initialize(m.getNDManager());
        return new SasRec(m, b, Map.of());
    }

    /** The network; for the trainer and the gradient explainers of this module. */
    public SasRecBlock block() {
        return block;
    }

    /** The DJL model owning the parameters (its manager is the parameters' manager). */
    public Model djlModel() {
        return model;
    }

    /** The configuration. */
    public SasRecConfig config() {
        return block.config();
    }

    /**
     * The network ids of the window the model reads from a history's items: the last {@code maxLen} items, each
     * item i as id i + 1 (0 is padding; an empty history gives one padding id).
     */
    public long[] windowIds(int[] items) {
        return SequenceTranslator.ids(items, config().maxLen());
    }

    /** Records what training found (epochs run, best validation figure); shown in {@link #params()}. */
    public void setSummary(Map<String, Object> values) {
        summary.clear();
        summary.putAll(values);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>(config().toMap());
        m.putAll(summary);
        return m;
    }

    @Override
    public int numItems() {
        return block.numItems();
    }

    /**
     * Scores every item: its probability of being next after the history's items (and, with context features,
     * the hours and weekdays of the history's event times).
     */
    @Override
    public void score(History history, double[] out) {
        if (out.length != numItems()) {
            throw new IllegalArgumentException("sasrec: score array has length " + out.length + ", expected "
                    + numItems());
        }
        int[] items = history.items();
        float[] p;
        if (config().context()) {
            long[] times = new long[items.length];
            for (int i = 0; i < times.length; i++) {
                times[i] = history.event(i).timestamp();
            }
            p = probabilities(items, times);
        } else {
            p = probabilities(items);
        }
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i];
        }
    }

    /** The probability of every item being next after a sequence of dense item ids (oldest first). */
    public float[] probabilities(int[] items) {
        if (config().context()) {
            throw new IllegalArgumentException("sasrec: this model reads event times (context features); call "
                    + "probabilities(items, times)");
        }
        return predict(items, null);
    }

    /**
     * The probability of every item being next after a sequence of dense item ids (oldest first) with their
     * timestamps [s since the epoch]; the times are read only by a model with context features.
     */
    public float[] probabilities(int[] items, long[] times) {
        if (times.length != items.length) {
            throw new IllegalArgumentException("sasrec: " + items.length + " items but " + times.length + " times");
        }
        return predict(items, config().context() ? times : null);
    }

    private float[] predict(int[] items, long[] times) {
        for (int i : items) {
            if (i < 0 || i >= numItems()) {
                throw new IllegalArgumentException("sasrec: item index " + i + " outside 0.." + (numItems() - 1));
            }
        }
        // the scope frees every intermediate tensor, including those the forward pass attaches to the parameters'
        // manager
        try (NDScope scope = new NDScope();
             Predictor<SequenceTranslator.Events, float[]> predictor = model.newPredictor(translator)) {
            return predictor.predict(new SequenceTranslator.Events(items, times));
        } catch (TranslateException e) {
            throw new IllegalStateException("sasrec: inference failed: " + e.getMessage(), e);
        }
    }

    /**
     * The context embeddings {@code [1, T, dim]} of the last {@code T} (at most {@code maxLen}) events of a
     * history, for the gradient explainers; null for a model without context features.
     */
    public ai.djl.ndarray.NDArray contextOf(History history, int t) {
        if (!config().context()) {
            return null;
        }
        long[] times = new long[history.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = history.event(i).timestamp();
        }
        long[][] c = SequenceTranslator.contextIds(times, config().maxLen());
        if (c[0].length != t) {
            throw new IllegalArgumentException("sasrec: window of " + t + " events, context of " + c[0].length);
        }
        ai.djl.ndarray.NDManager m = model.getNDManager();
        ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(1, t);
        return block.context(m.create(c[0], s), m.create(c[1], s));
    }

    /** Saves the parameters and the JSON configuration into a directory (created if missing). */
    public void save(Path dir) throws IOException {
        // each file is replaced whole or not at all (AtomicFiles)
        io.whyrec.core.files.AtomicFiles.write(dir.resolve(PARAMS_FILE), parameterBytes());
        io.whyrec.core.files.AtomicFiles.write(dir.resolve(CONFIG_FILE), configJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @throws IOException naming the file that is missing or malformed
     */
    public static SasRec load(Path dir) throws IOException {
        Path json = dir.resolve(CONFIG_FILE);
        Path params = dir.resolve(PARAMS_FILE);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(params)) {
            throw new IOException("sasrec: " + dir + " must contain " + CONFIG_FILE + " and " + PARAMS_FILE);
        }
        return fromParts(Files.readString(json, StandardCharsets.UTF_8), Files.readAllBytes(params), json.toString());
    }

    /** The parameters in DJL's block format. */
    public byte[] parameterBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replaces the parameters with ones from {@link #parameterBytes()} of a model of the same shape. */
    public void loadParameterBytes(byte[] bytes, String where) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            block.loadParameters(model.getNDManager(), in);
        } catch (MalformedModelException e) {
            throw new IOException("sasrec: malformed parameters in " + where + ": " + e.getMessage(), e);
        }
    }

    private String configJson() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", NAME);
        m.put("numItems", numItems());
        m.put("config", config().toMap());
        m.put("summary", summary);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m);
    }

    @SuppressWarnings("unchecked")
    private static SasRec fromParts(String json, byte[] params, String where) throws IOException {
        Map<String, Object> m = JSON.readValue(json, Map.class);
        Object n = m.get("numItems");
        if (!(n instanceof Number num) || !(m.get("config") instanceof Map<?, ?> c)) {
            throw new IOException(where + ": fields 'numItems' (number) and 'config' (object) are required");
        }
        SasRecConfig config;
        try {
            config = SasRecConfig.fromMap((Map<String, ?>) c, where);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        SasRec model = initialise(num.intValue(), config);
        model.loadParameterBytes(params, where);
        if (m.get("summary") instanceof Map<?, ?> s) {
            model.setSummary((Map<String, Object>) s);
        }
        return model;
    }

    @Override
    public void writePayload(DataOutput out) throws IOException {
        byte[] json = configJson().getBytes(StandardCharsets.UTF_8);
        byte[] params = parameterBytes();
        out.writeInt(json.length);
        out.write(json);
        out.writeInt(params.length);
        out.write(params);
    }

    /** Reads a model written by {@link #writePayload} (the reader its spec gives the model files). */
    public static SasRec readPayload(Map<String, Object> ignored, DataInput in) throws IOException {
        int jl = in.readInt();
        if (jl < 0 || jl > (1 << 24)) {
            throw new IOException("sasrec payload: configuration length " + jl + " is out of range");
        }
        byte[] json = new byte[jl];
        in.readFully(json);
        int pl = in.readInt();
        if (pl < 0) {
            throw new IOException("sasrec payload: parameter length " + pl + " is out of range");
        }
        byte[] params = new byte[pl];
        in.readFully(params);
        SasRec model = fromParts(new String(json, StandardCharsets.UTF_8), params, "sasrec payload");
        model.freezeParameters();
        return model;
    }

    /**
     * Stops recording gradients of the parameters: a model read from a file only scores and is explained, and
     * without parameter gradients a gradient explanation's backward pass computes only the gradient with respect
     * to the input embeddings (measured: the cost of the served gradient explanations; docs/serving.md).
     */
    public void freezeParameters() {
        for (ai.djl.nn.Parameter p : block().getParameters().values()) {
            if (p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(false);
            }
        }
    }

    /** Frees the native memory of the parameters. */
    @Override
    public void close() {
        model.close();
    }
}
