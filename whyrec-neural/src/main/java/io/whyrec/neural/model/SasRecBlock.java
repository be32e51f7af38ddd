package io.whyrec.neural.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The SASRec network (W.-C. Kang and J. McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018) as one
 * DJL block with its parameters declared directly, so that they are saved and loaded as one file.
 *
 * <p>Input: item ids {@code [B, T]} (int64), T at most {@code maxLen}, where id 0 is padding and id i + 1 is dense
 * item i; sequences are right-aligned (padding first), so the last column is every user's latest event, and column
 * c uses position slot {@code maxLen - T + c}, so the latest event always has the last slot, as in training.
 *
 * <p>Per block (pre-norm as in the reference implementation): {@code q = LN_a(x)}; causal attention of q over x
 * (heads, scaled dot product, key padding masked, dropout on the weights, output projection); {@code x = q + attn};
 * {@code y = LN_f(x)}; {@code x = y + FFN(y)} with a ReLU feed-forward of width dim; padding rows zeroed. A final
 * layer norm gives the hidden state. An item's logit is the dot product of the hidden state with the item's
 * embedding (output weights tied to the input embeddings).
 *
 * <p>{@link #forward} (used through the translator) returns the logits of the last column, {@code [B, n]}.
 */
public final class SasRecBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float LN_EPS = 1e-8f;
    private static final float MASKED = -1e9f;

    private final int numItems;
    private final SasRecConfig config;
    private final Parameter itemEmb;
    private final Parameter posEmb;
    private final Parameter hourEmb;
    private final Parameter weekdayEmb;
    private final List<Layer> layers = new ArrayList<>();
    private final Parameter lastGamma;
    private final Parameter lastBeta;

    /** The parameters of one self-attention block. */
    private record Layer(Parameter lnAg, Parameter lnAb, Parameter wq, Parameter bq, Parameter wk, Parameter bk,
                         Parameter wv, Parameter bv, Parameter wo, Parameter bo, Parameter lnFg, Parameter lnFb,
                         Parameter w1, Parameter b1, Parameter w2, Parameter b2) {
    }

    /**
     * Receives each block's attention weights after the softmax and may replace them (the gradient explainers use
     * this to differentiate with respect to the weights).
     */
    @FunctionalInterface
    public interface AttentionHook {
        /**
         * @param layer   block index, from 0
         * @param weights attention weights {@code [B, heads, T, T]}
         * @return the weights to use downstream
         */
        NDArray onWeights(int layer, NDArray weights);
    }

    /**
     * Declares the parameters (initialised by {@link #initialize}).
     *
     * @param numItems catalogue size n (the embedding table has n + 1 rows, row 0 for padding)
     * @param config   network sizes
     */
    public SasRecBlock(int numItems, SasRecConfig config) {
        super(VERSION);
        if (numItems < 1) {
            throw new IllegalArgumentException("sasrec: catalogue must have at least one item, got " + numItems);
        }
        this.numItems = numItems;
        this.config = config;
        int d = config.dim();
        NormalInitializer emb = new NormalInitializer(1.0f / (float) Math.sqrt(d));
        itemEmb = addParameter(Parameter.builder().setName("itemEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numItems + 1, d)).optInitializer(emb).build());
        posEmb = addParameter(Parameter.builder().setName("positionEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.maxLen(), d)).optInitializer(emb).build());
        if (config.context()) {
            hourEmb = addParameter(Parameter.builder().setName("hourEmbedding").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(ContextFeatures.HOURS, d)).optInitializer(emb).build());
            weekdayEmb = addParameter(Parameter.builder().setName("weekdayEmbedding").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(ContextFeatures.WEEKDAYS, d)).optInitializer(emb).build());
        } else {
            hourEmb = null;
            weekdayEmb = null;
        }
        for (int l = 0; l < config.blocks(); l++) {
            String p = "block" + l + ".";
            layers.add(new Layer(gamma(p + "attnNorm.gamma", d), beta(p + "attnNorm.beta", d),
                    weight(p + "wq", d, d), beta(p + "bq", d), weight(p + "wk", d, d), beta(p + "bk", d),
                    weight(p + "wv", d, d), beta(p + "bv", d), weight(p + "wo", d, d), beta(p + "bo", d),
                    gamma(p + "ffnNorm.gamma", d), beta(p + "ffnNorm.beta", d),
                    weight(p + "w1", d, d), beta(p + "b1", d), weight(p + "w2", d, d), beta(p + "b2", d)));
        }
        lastGamma = gamma("lastNorm.gamma", d);
        lastBeta = beta("lastNorm.beta", d);
    }

    private Parameter weight(String name, int in, int out) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out)).optInitializer(new XavierInitializer()).build());
    }

    private Parameter gamma(String name, int d) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.GAMMA)
                .optShape(new Shape(d)).optInitializer(new ConstantInitializer(1f)).build());
    }

    private Parameter beta(String name, int d) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BETA)
                .optShape(new Shape(d)).optInitializer(new ConstantInitializer(0f)).build());
    }

    /** Catalogue size n. */
    public int numItems() {
        return numItems;
    }

    /** The network sizes. */
    public SasRecConfig config() {
        return config;
    }

    /** Initialises every parameter on a manager (float32). */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, config.maxLen()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numItems)};
    }

    /**
     * Input: item ids {@code [B, T]}, and with {@link SasRecConfig#context()} also hour and weekday ids
     * {@code [B, T]} (int64, {@link ContextFeatures}).
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray ctx = config.context() ? context(inputs.get(1), inputs.get(2)) : null;
        NDArray hidden = hidden(ids, ctx, training);
        long t = ids.getShape().get(1);
        NDArray last = hidden.get(":, " + (t - 1) + ", :");
        return new NDList(logits(last));
    }

    /**
     * The context embedding {@code hour[h] + weekday[w]} of every input position, {@code [B, T, dim]}, from hour
     * and weekday ids {@code [B, T]} (int64); null for a model without context features.
     */
    public NDArray context(NDArray hours, NDArray weekdays) {
        if (!config.context()) {
            return null;
        }
        Shape s = hours.getShape();
        NDArray h = hourEmb.getArray().get(hours.flatten());
        NDArray w = weekdayEmb.getArray().get(weekdays.flatten());
        return h.add(w).reshape(s.get(0), s.get(1), config.dim());
    }

    /** The raw (unscaled) embeddings of item ids {@code [B, T]}: {@code [B, T, dim]}. */
    public NDArray embed(NDArray ids) {
        NDArray table = itemEmb.getArray();
        Shape s = ids.getShape();
        return table.get(ids.flatten()).reshape(s.get(0), s.get(1), config.dim());
    }

    /** The hidden states {@code [B, T, dim]} of item ids {@code [B, T]} (a model without context features). */
    public NDArray hidden(NDArray ids, boolean training) {
        return hidden(ids, null, training);
    }

    /**
     * The hidden states {@code [B, T, dim]} of item ids {@code [B, T]} with their context embeddings
     * ({@link #context}; null for none).
     */
    public NDArray hidden(NDArray ids, NDArray context, boolean training) {
        NDArray real = ids.gt(0).toType(DataType.FLOAT32, false);
        return encode(embed(ids), real, context, training, null);
    }

    /**
     * The hidden states for given item vectors: what the gradient explainers differentiate.
     *
     * @param vectors raw item embeddings {@code [B, T, dim]} (a zero vector is the "blank item" baseline)
     * @param real    1 for a real event, 0 for padding, {@code [B, T]} float32
     * @param context context embeddings {@code [B, T, dim]} added at each position ({@link #context}); null for none
     * @param hook    receives each block's attention weights; null for none
     */
    public NDArray encode(NDArray vectors, NDArray real, NDArray context, boolean training, AttentionHook hook) {
        Shape s = vectors.getShape();
        long b = s.get(0);
        long t = s.get(1);
        int d = config.dim();
        int h = config.heads();
        int dh = d / h;
        float rate = (float) config.dropout();
        if (t > config.maxLen()) {
            throw new IllegalArgumentException("sasrec: sequence of " + t + " events exceeds maxLen " + config.maxLen());
        }
        NDArray pos = posEmb.getArray().get((config.maxLen() - t) + ":");
        NDArray x = vectors.mul(Math.sqrt(d)).add(pos);
        if (context != null) {
            x = x.add(context);
        }
        x = Dropout.dropout(x, rate, training).singletonOrThrow();
        NDArray keep = real.expandDims(2);
        x = x.mul(keep);
        NDArray mask = attentionMask(real);
        for (int l = 0; l < layers.size(); l++) {
            Layer p = layers.get(l);
            NDArray q = norm(x, p.lnAg, p.lnAb);
            NDArray qh = heads(linear(q, p.wq, p.bq), b, t, h, dh);
            NDArray kh = heads(linear(x, p.wk, p.bk), b, t, h, dh);
            NDArray vh = heads(linear(x, p.wv, p.bv), b, t, h, dh);
            NDArray scores = qh.matMul(kh.transpose(0, 1, 3, 2)).div(Math.sqrt(dh)).add(mask);
            NDArray weights = scores.softmax(-1);
            if (hook != null) {
                weights = hook.onWeights(l, weights);
            }
            weights = Dropout.dropout(weights, rate, training).singletonOrThrow();
            NDArray attn = weights.matMul(vh).transpose(0, 2, 1, 3).reshape(b, t, d);
            attn = linear(attn, p.wo, p.bo);
            x = q.add(attn);
            NDArray y = norm(x, p.lnFg, p.lnFb);
            NDArray f = Activation.relu(linear(y, p.w1, p.b1));
            f = Dropout.dropout(f, rate, training).singletonOrThrow();
            f = Dropout.dropout(linear(f, p.w2, p.b2), rate, training).singletonOrThrow();
            x = y.add(f).mul(keep);
        }
        return norm(x, lastGamma, lastBeta);
    }

    /**
     * Replaces the item embeddings (rows 1..n of the table; the padding row is kept) with given vectors, e.g. from
     * {@link ItemVectorInit#project}; call after {@link #initialize} and before training.
     *
     * @param vectors {@code [n][dim]}
     */
    public void setItemVectors(float[][] vectors) {
        if (vectors.length != numItems) {
            throw new IllegalArgumentException("sasrec: " + vectors.length + " item vectors for " + numItems + " items");
        }
        int d = config.dim();
        float[] flat = new float[numItems * d];
        for (int i = 0; i < numItems; i++) {
            if (vectors[i].length != d) {
                throw new IllegalArgumentException("sasrec: item vector " + i + " has " + vectors[i].length
                        + " numbers, the model's width is " + d);
            }
            System.arraycopy(vectors[i], 0, flat, i * d, d);
        }
        NDArray table = itemEmb.getArray();
        float[] all = table.toFloatArray();
        System.arraycopy(flat, 0, all, d, flat.length);
        table.set(all);
    }

    /** The item embedding table {@code [n + 1, dim]} (row 0 is padding), for losses over sampled items. */
    public NDArray itemTable() {
        return itemEmb.getArray();
    }

    /** Logits of every item for hidden states {@code [N, dim]}: {@code [N, n]} (tied output weights). */
    public NDArray logits(NDArray hidden) {
        NDArray table = itemEmb.getArray();
        return hidden.matMul(table.get("1:").transpose());
    }

    /**
     * Additive attention mask {@code [B, 1, T, T]}: 0 where query q may read key k (k <= q and k is a real event,
     * or k == q so that padding rows stay defined), a large negative number elsewhere.
     */
    private static NDArray attentionMask(NDArray real) {
        Shape s = real.getShape();
        int b = (int) s.get(0);
        int t = (int) s.get(1);
        float[] r = real.toFloatArray();
        float[] m = new float[b * t * t];
        for (int u = 0; u < b; u++) {
            for (int q = 0; q < t; q++) {
                int row = (u * t + q) * t;
                for (int k = 0; k < t; k++) {
                    boolean ok = k == q || (k < q && r[u * t + k] > 0);
                    m[row + k] = ok ? 0f : MASKED;
                }
            }
        }
        return real.getManager().create(m, new Shape(b, 1, t, t));
    }

    private static NDArray heads(NDArray x, long b, long t, int h, int dh) {
        return x.reshape(b, t, h, dh).transpose(0, 2, 1, 3);
    }

    private static NDArray linear(NDArray x, Parameter w, Parameter bias) {
        return x.matMul(w.getArray()).add(bias.getArray());
    }

    private NDArray norm(NDArray x, Parameter g, Parameter b) {
        return LayerNorm.layerNorm(x, new Shape(config.dim()), g.getArray(), b.getArray(), LN_EPS).singletonOrThrow();
    }
}
