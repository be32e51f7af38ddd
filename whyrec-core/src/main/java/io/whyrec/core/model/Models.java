package io.whyrec.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of model specs by name, in the order they are listed to users. */
public final class Models {

    private static final Map<String, ModelSpec<?>> SPECS = new LinkedHashMap<>();

    static {
        add(new PopularitySpec());
        add(new ItemKnnSpec());
        add(new EaseSpec());
        add(new IalsSpec());
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
}
