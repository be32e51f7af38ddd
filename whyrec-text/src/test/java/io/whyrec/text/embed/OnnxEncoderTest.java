package io.whyrec.text.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loads the two in-process ONNX models from their jars (no network) and checks that they embed meaning: a
 * paraphrase is closer than an unrelated sentence. Prints the throughput.
 */
class OnnxEncoderTest {

    static double cos(float[] a, float[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }

    @Test
    void miniLmPutsParaphrasesCloserThanUnrelatedText() {
        OnnxEncoder enc = OnnxEncoder.miniLm();
        List<String> texts = List.of(
                "A crew aboard a spaceship is hunted by a deadly alien creature.",
                "Astronauts on a space freighter are stalked by a monstrous extraterrestrial.",
                "Two friends open a bakery in a small French village and fall in love.");
        enc.encode(List.of("warm-up"));
        long t0 = System.nanoTime();
        float[][] v = enc.encode(texts);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("minilm: %d sentences in %.3f s = %.1f sentences/s%n", texts.size(), s, texts.size() / s);
        assertEquals(384, v[0].length);
        assertTrue(cos(v[0], v[1]) > cos(v[0], v[2]) + 0.2,
                "paraphrase " + cos(v[0], v[1]) + " vs unrelated " + cos(v[0], v[2]));
    }

    @Test
    void bgeSmallZhPutsChineseParaphrasesCloser() {
        OnnxEncoder enc = OnnxEncoder.bgeSmallZh();
        List<String> texts = List.of("宇宙飞船上的船员被可怕的外星生物追杀。", "太空船的宇航员遭到怪物般的外星人袭击。",
                "两个朋友在法国小村庄开了一家面包店并相爱。");
        long t0 = System.nanoTime();
        float[][] v = enc.encode(texts);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bge-small-zh: %d sentences in %.3f s (first call, includes loading)%n", texts.size(), s);
        assertEquals(512, v[0].length);
        assertTrue(cos(v[0], v[1]) > cos(v[0], v[2]) + 0.05,
                "paraphrase " + cos(v[0], v[1]) + " vs unrelated " + cos(v[0], v[2]));
    }
}
