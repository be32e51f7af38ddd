package io.whyrec.text.embed;

import java.util.Collection;

/**
 * Detects the script of a catalogue, to choose the embedding model: the share of CJK characters (Han, kana,
 * hangul) among all letters of all texts.
 */
public final class Languages {

    private Languages() {
    }

    /** True for Han ideographs, hiragana, katakana and hangul syllables. */
    public static boolean isCjk(int codePoint) {
        Character.UnicodeScript s = Character.UnicodeScript.of(codePoint);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL;
    }

    /** CJK characters / letters over all texts, in [0, 1]; 0 when there is no letter. */
    public static double cjkShare(Collection<String> texts) {
        long letters = 0;
        long cjk = 0;
        for (String t : texts) {
            for (int i = 0; i < t.length(); ) {
                int cp = t.codePointAt(i);
                i += Character.charCount(cp);
                if (Character.isLetter(cp)) {
                    letters++;
                    if (isCjk(cp)) {
                        cjk++;
                    }
                }
            }
        }
        return letters == 0 ? 0.0 : cjk / (double) letters;
    }
}
