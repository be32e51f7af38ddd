package io.whyrec.text.embed;

import java.util.List;

/**
 * The encoding role: turns a batch of texts into fixed-length vectors. Implementations are the in-process
 * langchain4j language models ({@link OnnxEncoder}) and a feature-hashing bag of words ({@link HashingEncoder});
 * the {@link Embedder} adds batching, progress and the on-disk cache around any of them.
 */
public interface TextEncoder {

    /** A stable model name; it keys the embedding cache, so two different models never share a name. */
    String name();

    /** Length of every vector this encoder returns. */
    int dimension();

    /**
     * Encodes texts, one vector per text in input order.
     *
     * @param texts non-empty texts
     * @return vectors of length {@link #dimension()}
     */
    float[][] encode(List<String> texts);
}
