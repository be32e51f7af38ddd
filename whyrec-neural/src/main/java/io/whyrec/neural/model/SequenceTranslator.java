package io.whyrec.neural.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * The boundary between ids and tensors: turns a history (dense item ids, oldest first) into the network's input
 * and the network's output into one probability per item. Nothing outside this package sees a tensor.
 *
 * <p>Input: the last {@code maxLen} items, shifted by one (id 0 is padding); an empty history becomes one padding
 * slot, whose output depends on positions only. Output: the softmax over the whole catalogue of the last
 * position's logits, {@code p(next = j | history)}, so every score is positive and the scores sum to 1.
 */
final class SequenceTranslator implements Translator<int[], float[]> {

    private final int maxLen;

    SequenceTranslator(int maxLen) {
        this.maxLen = maxLen;
    }

    /** The network input {@code [1, T]} for a history, as int64 ids (0 = padding, item i = i + 1). */
    static long[] ids(int[] items, int maxLen) {
        int t = Math.max(1, Math.min(items.length, maxLen));
        long[] ids = new long[t];
        int from = items.length - Math.min(items.length, maxLen);
        for (int i = from; i < items.length; i++) {
            ids[t - (items.length - i)] = items[i] + 1L;
        }
        return ids;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, int[] items) {
        // inference only: no autograd graph on this thread (grad mode is thread-local in libtorch)
        JniUtils.setGradMode(false);
        long[] ids = ids(items, maxLen);
        return new NDList(ctx.getNDManager().create(ids, new Shape(1, ids.length)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.singletonOrThrow();
        return logits.softmax(-1).toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }

}
