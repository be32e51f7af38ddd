package io.whyrec.text.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bag-of-words encoder with the hashing trick (Weinberger et al., ICML 2009): each token adds +1 or -1 (by a
 * second hash bit) to one of {@code dimension} buckets, and the vector is L2-normalised. Tokens are lower-cased
 * runs of letters or digits; Han, kana and hangul characters are taken one by one and as adjacent pairs, since
 * those scripts have no spaces. It needs no model at all, so it is the fast baseline and the encoder of unit
 * tests; it captures shared words only, not meaning.
 */
public final class HashingEncoder implements TextEncoder {

    /** Default number of buckets. */
    public static final int DEFAULT_DIMENSION = 256;

    private final int dimension;

    /** An encoder with {@code dimension} buckets (at least 8). */
    public HashingEncoder(int dimension) {
        if (dimension < 8) {
            throw new IllegalArgumentException("hashing encoder needs at least 8 dimensions, got " + dimension);
        }
        this.dimension = dimension;
    }

    /** An encoder with {@link #DEFAULT_DIMENSION} buckets. */
    public HashingEncoder() {
        this(DEFAULT_DIMENSION);
    }

    @Override
    public String name() {
        return "hashing-" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = encodeOne(texts.get(i));
        }
        return out;
    }

    private float[] encodeOne(String text) {
        float[] v = new float[dimension];
        for (String token : tokens(text)) {
            int h = fnv1a(token);
            int bucket = Math.floorMod(h, dimension);
            v[bucket] += (h >>> 31) == 0 ? 1f : -1f;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < v.length; j++) {
                v[j] *= inv;
            }
        }
        return v;
    }

    /** The tokens of a text as this encoder sees them (also used by the tag namer). */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int prevCjk = -1;
        String s = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Languages.isCjk(cp)) {
                flush(word, out);
                out.add(new String(Character.toChars(cp)));
                if (prevCjk >= 0) {
                    out.add(new String(Character.toChars(prevCjk)) + new String(Character.toChars(cp)));
                }
                prevCjk = cp;
            } else if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
                prevCjk = -1;
            } else {
                flush(word, out);
                prevCjk = -1;
            }
        }
        flush(word, out);
        return out;
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }

    private static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x01000193;
        }
        return h;
    }
}
