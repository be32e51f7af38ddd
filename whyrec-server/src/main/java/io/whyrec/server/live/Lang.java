package io.whyrec.server.live;

import java.util.Locale;

/** The languages of the sentences and labels the server writes: English and Simplified Chinese. */
public enum Lang {
    /** English. */
    EN(Locale.ENGLISH),
    /** Simplified Chinese. */
    ZH(Locale.SIMPLIFIED_CHINESE);

    private final Locale locale;

    Lang(Locale locale) {
        this.locale = locale;
    }

    /** The locale the explanation sentences are rendered in. */
    public Locale locale() {
        return locale;
    }

    /** Parses "en" or "zh" (case-insensitive); null for anything else. */
    public static Lang parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "en" -> EN;
            case "zh" -> ZH;
            default -> null;
        };
    }
}
