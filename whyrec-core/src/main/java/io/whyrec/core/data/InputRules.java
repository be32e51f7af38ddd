package io.whyrec.core.data;

import java.nio.charset.StandardCharsets;

/**
 * The rules every id that enters whyrec must follow, wherever it comes from (an import file, a request body, a
 * path): user, item and event ids, event type names and tags. The importers reject a row that breaks them with a
 * {@link DataFormatException} naming file:line and the field; the server answers 400 naming the JSON field; and
 * the store's schema holds the same length (VARCHAR(200), which a string of at most 200 UTF-8 bytes never exceeds).
 *
 * <p>An id is non-empty, at most {@value #MAX_ID_BYTES} bytes in UTF-8, valid UTF-16 (every surrogate paired, so
 * it encodes to UTF-8 without replacement, and "m" followed by a lone surrogate cannot be stored as {@code m?})
 * and printable: no control character (U+0000-U+001F, U+007F-U+009F, the tab included), no line or paragraph
 * separator (U+2028, U+2029), no byte-order mark (U+FEFF) and no Unicode noncharacter (U+FDD0-U+FDEF and the last
 * two code points of every plane).
 */
public final class InputRules {

    /** Longest id, in UTF-8 bytes; the store's id columns are VARCHAR(200). */
    public static final int MAX_ID_BYTES = 200;

    private InputRules() {
    }

    /**
     * What is wrong with an id, or null when it follows the rules of the class comment.
     *
     * @param id the id as read (after the reader's trimming)
     * @return a short reason such as "contains the control character U+0000 at position 3", or null
     */
    public static String idProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "empty id";
        }
        String text = textProblem(id);
        if (text != null) {
            return text;
        }
        int tab = id.indexOf('\t');
        if (tab >= 0) {
            return "contains the control character U+0009 at position " + tab;
        }
        // well-formed UTF-16 now, so the encoder cannot substitute anything
        int bytes = utf8Length(id);
        if (bytes > MAX_ID_BYTES) {
            return "id of " + bytes + " UTF-8 bytes; at most " + MAX_ID_BYTES;
        }
        return null;
    }

    /**
     * What is wrong with an event's value, or null: a rating (type {@code rating}, any case) must lie in the
     * rating scale, any other value must not be negative (counts, dwell seconds and flags never are).
     *
     * @param type  the event type name
     * @param value the value as read
     * @param scale the scale ratings must lie in
     * @return the category and the reason, e.g. {"negative value", "value -1.0 of a 'click' event is negative; ..."}
     */
    public static String[] valueProblem(String type, float value, RatingScale scale) {
        if (type.equalsIgnoreCase(MovieLensFormat.RATING)) {
            if (!scale.contains(value)) {
                return new String[]{"rating out of scale", "rating " + value + " is outside the rating scale " + scale
                        + " (declare another with --rating-scale)"};
            }
        } else if (!(value >= 0)) {
            return new String[]{"negative value", "value " + value + " of a '" + type
                    + "' event is negative; only ratings have a scale of their own (--rating-scale)"};
        }
        return null;
    }

    /**
     * What is wrong with a free text (a title) as to its characters, or null: the same character rules as for
     * ids (valid UTF-16, no control character, separator, byte-order mark or noncharacter), without a length
     * limit; tabs are allowed.
     */
    public static String textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(i + 1));
                    if (isNoncharacter(cp)) {
                        return "contains the noncharacter " + codePoint(cp) + " at position " + i;
                    }
                    i++;
                    continue;
                }
                return "contains a lone surrogate " + codePoint(c) + " at position " + i + " (not valid UTF-16)";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains a lone surrogate " + codePoint(c) + " at position " + i + " (not valid UTF-16)";
            }
            if (Character.isISOControl(c) && c != '\t' || c == '\u2028' || c == '\u2029') {
                return "contains the control character " + codePoint(c) + " at position " + i;
            }
            if (c == '\uFEFF') {
                return "contains a byte-order mark U+FEFF at position " + i;
            }
            if (isNoncharacter(c)) {
                return "contains the noncharacter " + codePoint(c) + " at position " + i;
            }
        }
        return null;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isNoncharacter(int cp) {
        return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
