package io.whyrec.text.embed;

import io.whyrec.api.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeds texts in batches with progress, reading and filling an {@link EmbeddingCache}: only texts not yet
 * cached reach the model, each distinct text once.
 */
public final class Embedder {

    private final TextEncoder encoder;
    private final EmbeddingCache cache;
    private final int batchSize;

    /**
     * An embedder.
     *
     * @param encoder   the model
     * @param cache     the model's cache, or null to keep nothing
     * @param batchSize texts per model call, at least 1
     */
    public Embedder(TextEncoder encoder, EmbeddingCache cache, int batchSize) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.cache = cache;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** Builds the embedder a configuration asks for, choosing the model by the texts' script when it says auto. */
    public static Embedder of(EmbeddingConfig config, List<String> texts) {
        TextEncoder encoder = config.encoderFor(texts);
        EmbeddingCache cache = config.cacheDir() == null ? null
                : EmbeddingCache.open(config.cacheDir(), encoder.name(), encoder.dimension());
        return new Embedder(encoder, cache, config.batchSize());
    }

    /** The model. */
    public TextEncoder encoder() {
        return encoder;
    }

    /**
     * The vectors of texts, from the cache where possible.
     *
     * @param texts    texts to embed (duplicates are encoded once)
     * @param progress receives "embed <model>" progress in texts
     */
    public EmbeddingRun embed(List<String> texts, Progress progress) {
        Map<String, float[]> known = new LinkedHashMap<>();
        List<String> todo = new ArrayList<>();
        int fromCache = 0;
        for (String t : texts) {
            if (known.containsKey(t)) {
                continue;
            }
            float[] v = cache == null ? null : cache.get(t);
            known.put(t, v);
            if (v == null) {
                todo.add(t);
            } else {
                fromCache++;
            }
        }
        String task = "embed " + encoder.name();
        long nanos = 0;
        for (int start = 0; start < todo.size(); start += batchSize) {
            progress.update(task, start, todo.size());
            List<String> batch = todo.subList(start, Math.min(todo.size(), start + batchSize));
            long t0 = System.nanoTime();
            float[][] vecs = encoder.encode(batch);
            nanos += System.nanoTime() - t0;
            if (vecs.length != batch.size()) {
                throw new IllegalStateException(encoder.name() + " returned " + vecs.length + " vectors for "
                        + batch.size() + " texts");
            }
            for (int i = 0; i < vecs.length; i++) {
                known.put(batch.get(i), vecs[i]);
            }
            if (cache != null) {
                cache.putAll(batch, vecs);
            }
        }
        progress.update(task, todo.size(), todo.size());
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = known.get(texts.get(i));
        }
        return new EmbeddingRun(encoder.name(), out, fromCache, todo.size(), nanos / 1e9);
    }
}
