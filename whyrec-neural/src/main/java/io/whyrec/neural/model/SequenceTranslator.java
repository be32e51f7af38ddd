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
final class SequenceTranslator implements Translator<SequenceTranslator.Events, float[]> {

    /**
     * A history as the network reads it.
     *
     * @param items dense item ids, oldest first
     * @param times their timestamps [s since the epoch], aligned with items; null for a model without context
     */
    record Events(int[] items, long[] times) {
    }

    private final int maxLen;
    private final boolean context;

    SequenceTranslator(int maxLen, boolean context) {
        this.maxLen = maxLen;
        this.context = context;
    }

    /**
     * The hour and weekday ids {@code [1, T]} aligned with {@link #ids}: the time features of the last {@code maxLen}
     * events (0 in a padding slot).
     */
    static long[][] contextIds(long[] times, int maxLen) {
        int t = Math.max(1, Math.min(times.length, maxLen));
        long[] hours = new long[t];
        long[] days = new long[t];
        int from = times.length - Math.min(times.length, maxLen);
        for (int i = from; i < times.length; i++) {
            int col = t - (times.length - i);
            hours[col] = ContextFeatures.hour(times[i]);
            days[col] = ContextFeatures.weekday(times[i]);
        }
        return new long[][] {hours, days};
    }

    /**
     * The network input {@code [1, T]} for a history, as int64 ids (0 = padding, item i = i + 1): the last
     * {@code maxLen} items (the window the model reads), or one padding id for an empty history.
     */
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
    public NDList processInput(TranslatorContext ctx, Events events) {
        // inference only: no autograd graph on this thread (grad mode is thread-local in libtorch)
        JniUtils.setGradMode(false);
        long[] ids = ids(events.items(), maxLen);
        Shape shape = new Shape(1, ids.length);
        NDList list = new NDList(ctx.getNDManager().create(ids, shape));
        if (context) {
            long[][] c = contextIds(events.times(), maxLen);
            list.add(ctx.getNDManager().create(c[0], shape));
            list.add(ctx.getNDManager().create(c[1], shape));
        }
        return list;
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
