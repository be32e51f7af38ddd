package io.whyrec.spark;

import io.whyrec.api.Recommender;
import io.whyrec.core.model.Models;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fitted model as the bytes of its whyrec model file, broadcast to the executors: each executor JVM reads it
 * once with {@link Models#read}, the reader {@code whyrec recommend} and {@code serve} use, so the model that
 * ranks on the cluster is the file the job writes.
 */
final class ModelBytes implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Models read per JVM, by key. */
    private static final Map<String, Recommender> LOADED = new ConcurrentHashMap<>();

    private final String key;
    private final byte[] file;

    private ModelBytes(String key, byte[] file) {
        this.key = key;
        this.file = file;
    }

    /** The bytes of a model file; {@code key} names the model in the per-JVM cache. */
    static ModelBytes of(Path modelFile, String key) throws IOException {
        return new ModelBytes(key, Files.readAllBytes(modelFile));
    }

    /** The model, read once per JVM. */
    Recommender model() {
        return LOADED.computeIfAbsent(key, k -> {
            try {
                Path tmp = Files.createTempFile("whyrec-spark-", ".model");
                try {
                    Files.write(tmp, file);
                    return Models.load(tmp);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("whyrec-spark: cannot read the broadcast model '" + key + "'", e);
            }
        });
    }

    /** Drops the model from the JVM it is called in. */
    void release() {
        LOADED.remove(key);
    }
}
