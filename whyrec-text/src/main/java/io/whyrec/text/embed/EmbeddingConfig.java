package io.whyrec.text.embed;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;

/**
 * Which text encoder to use and where its cache lives. Defaults, in one place:
 * <ul>
 *   <li>{@code model = AUTO}: {@link OnnxEncoder#bgeSmallZh()} when at least {@code cjkThreshold} of the
 *       catalogue's letters are CJK, otherwise {@link OnnxEncoder#miniLm()}.</li>
 *   <li>{@code cacheDir = data/cache/embeddings} (relative to the working directory, i.e. the project); null
 *       keeps no cache.</li>
 *   <li>{@code batchSize = 32} (texts per model call).</li>
 *   <li>{@code cjkThreshold = 0.3} (share of letters in [0, 1]).</li>
 * </ul>
 *
 * @param model        which encoder
 * @param cacheDir     directory of the per-model cache files, or null for none
 * @param batchSize    texts per model call, >= 1
 * @param cjkThreshold CJK share of letters from which AUTO picks the Chinese model, in [0, 1]
 */
public record EmbeddingConfig(Choice model, Path cacheDir, int batchSize, double cjkThreshold) {

    /** Default cache directory, inside the project. */
    public static final Path DEFAULT_CACHE_DIR = Path.of("data", "cache", "embeddings");
    /** Default texts per model call. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Default CJK share from which the Chinese model is chosen. */
    public static final double DEFAULT_CJK_THRESHOLD = 0.3;

    /** The encoder choices, with their command-line names. */
    public enum Choice {
        /** By the catalogue's script. */
        AUTO,
        /** all-MiniLM-L6-v2 quantized (English). */
        MINILM,
        /** bge-small-zh-v1.5 (Chinese). */
        BGE_ZH,
        /** Feature-hashed bag of words; no language model. */
        HASHING,
        /**
         * The precomputed item vectors stored with the dataset ({@code whyrec import --item-vectors}); nothing is
         * encoded, and every item must have a vector.
         */
        VECTORS;
    }

    /** Checks the values. */
    public EmbeddingConfig {
        Objects.requireNonNull(model, "model");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(cjkThreshold >= 0 && cjkThreshold <= 1)) {
            throw new IllegalArgumentException("cjkThreshold must be in [0, 1], got " + cjkThreshold);
        }
    }

    /** The defaults listed in the class comment. */
    public static EmbeddingConfig defaults() {
        return new EmbeddingConfig(Choice.AUTO, DEFAULT_CACHE_DIR, DEFAULT_BATCH_SIZE, DEFAULT_CJK_THRESHOLD);
    }

    /** A copy with another model choice. */
    public EmbeddingConfig withModel(Choice choice) {
        return new EmbeddingConfig(choice, cacheDir, batchSize, cjkThreshold);
    }

    /** A copy with another cache directory (null: no cache). */
    public EmbeddingConfig withCacheDir(Path dir) {
        return new EmbeddingConfig(model, dir, batchSize, cjkThreshold);
    }

    /** The encoder this configuration picks for a catalogue's texts. */
    public TextEncoder encoderFor(Collection<String> texts) {
        return switch (model) {
            case MINILM -> OnnxEncoder.miniLm();
            case BGE_ZH -> OnnxEncoder.bgeSmallZh();
            case HASHING -> new HashingEncoder();
            case VECTORS -> throw new IllegalStateException("the vectors choice reads stored item vectors; "
                    + "it has no text encoder");
            case AUTO -> Languages.cjkShare(texts) >= cjkThreshold ? OnnxEncoder.bgeSmallZh() : OnnxEncoder.miniLm();
        };
    }
}
