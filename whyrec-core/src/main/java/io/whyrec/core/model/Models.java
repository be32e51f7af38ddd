package io.whyrec.core.model;

import io.whyrec.api.Recommender;
import io.whyrec.core.files.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one registry of models: each spec by name, in the order they are listed to users, with how to fit it and
 * how to read it back from a model file ({@link #read(Path)}). Models of optional modules (whyrec-text,
 * whyrec-neural) join through {@link ModelProvider}.
 */
public final class Models {

    private static final Map<String, ModelSpec<?>> SPECS = new LinkedHashMap<>();

    static {
        add(new PopularitySpec());
        add(new ItemKnnSpec());
        add(new EaseSpec());
        add(new IalsSpec());
        add(new EaseIalsBlendSpec());
        add(new ProfileSpec());
        // models of modules on the class path (see ModelProvider); one that fails to load is reported and skipped,
        // so a broken optional module never takes the built-in models down with it
        java.util.Iterator<ModelProvider> providers = java.util.ServiceLoader.load(ModelProvider.class).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                providers.next().register();
            } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
                System.err.println("whyrec: a model module could not be loaded and is skipped: " + e);
            }
        }
    }

    private Models() {
    }

    private static void add(ModelSpec<?> spec) {
        SPECS.put(spec.name(), spec);
    }

    /**
     * Adds (or replaces) a spec from a module that core cannot depend on, such as whyrec-text's "content" and
     * "hybrid"; it is listed after the built-in models.
     */
    public static synchronized void register(ModelSpec<?> spec) {
        add(spec);
    }

    /** The names of all models, in listing order. */
    public static List<String> names() {
        return List.copyOf(SPECS.keySet());
    }

    /** The spec with this name, if any. */
    public static Optional<ModelSpec<?>> find(String name) {
        return Optional.ofNullable(SPECS.get(name));
    }

    /**
     * The spec with this name.
     *
     * @throws IllegalArgumentException naming the unknown model and listing the known ones
     */
    public static ModelSpec<?> require(String name) {
        ModelSpec<?> spec = SPECS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown model '" + name + "' (known: " + String.join(", ", names())
                    + (names().contains("sasrec") && names().contains("content") ? ")" : "; content and hybrid come "
                    + "with the module whyrec-text, sasrec with whyrec-neural, which bin/whyrec puts on the class "
                    + "path when a command names them)"));
        }
        return spec;
    }

    /**
     * Reads a model file with what it records of its training data, through the reader of its kind's spec.
     *
     * @throws io.whyrec.core.files.ModelFormatException naming the file when it is not a whyrec model file, has a
     *                                                   newer format version, is truncated, fails its checksum,
     *                                                   or holds a kind no registered spec reads
     */
    public static ModelFiles.ModelFile read(Path file) throws IOException {
        List<String> readable = SPECS.values().stream().filter(s -> s.reader().isPresent()).map(ModelSpec::name)
                .toList();
        return ModelFiles.read(file, kind -> find(kind).flatMap(ModelSpec::reader), readable);
    }

    /** Loads the model of a model file ({@link #read(Path)} without the training-data record). */
    public static Recommender load(Path file) throws IOException {
        return read(file).model();
    }
}
