package io.whyrec.text.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A pretrained sentence-embedding model run in process through ONNX Runtime by langchain4j. The weights and the
 * tokenizer are read from the model's jar, so encoding needs no network and no download. The model is loaded on
 * the first call (a few seconds) and then reused; it is safe to share between threads.
 *
 * <p>Two models are provided: all-MiniLM-L6-v2, quantized (384 dimensions, English; Reimers and Gurevych,
 * Sentence-BERT, EMNLP 2019) and bge-small-zh-v1.5 (512 dimensions, Chinese; Xiao et al., C-Pack, 2023).
 */
public final class OnnxEncoder implements TextEncoder {

    /** Name of the English model. */
    public static final String MINILM = "all-minilm-l6-v2-q";
    /** Name of the Chinese model. */
    public static final String BGE_ZH = "bge-small-zh-v15";

    private final String name;
    private final int dimension;
    private final Supplier<EmbeddingModel> factory;
    private volatile EmbeddingModel model;

    private OnnxEncoder(String name, int dimension, Supplier<EmbeddingModel> factory) {
        this.name = name;
        this.dimension = dimension;
        this.factory = factory;
    }

    /** all-MiniLM-L6-v2 quantized: 384 dimensions, English. */
    public static OnnxEncoder miniLm() {
        return new OnnxEncoder(MINILM, 384, AllMiniLmL6V2QuantizedEmbeddingModel::new);
    }

    /** bge-small-zh-v1.5: 512 dimensions, Chinese. */
    public static OnnxEncoder bgeSmallZh() {
        return new OnnxEncoder(BGE_ZH, 512, BgeSmallZhV15EmbeddingModel::new);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[][] encode(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            // langchain4j rejects blank segments; a blank text has no content to embed anyway
            segments.add(TextSegment.from(t == null || t.isBlank() ? "." : t));
        }
        List<Embedding> out = model().embedAll(segments).content();
        float[][] vectors = new float[out.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = out.get(i).vector();
            if (vectors[i].length != dimension) {
                throw new IllegalStateException(name + " returned " + vectors[i].length + " dimensions, expected "
                        + dimension);
            }
        }
        return vectors;
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    m = factory.get();
                    model = m;
                }
            }
        }
        return m;
    }
}
