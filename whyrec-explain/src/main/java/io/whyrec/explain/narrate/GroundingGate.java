package io.whyrec.explain.narrate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a generated sentence against the structured explanation it was written from. A sentence passes only
 * when
 * <ol>
 *   <li>it is one or two sentences of text;</li>
 *   <li>it names the top contributor (the reason with the largest share), in one of the title's written forms;</li>
 *   <li>every catalogue title it names is one the explanation holds (the recommended item, an item of an event
 *       with a non-zero contribution, an item of the counterfactual), and nothing else it writes looks like a
 *       title: no quoted or 《》-bracketed span that is not such a title or a facet, no "(1994)" year left once
 *       the permitted titles are taken out;</li>
 *   <li>every catalogue facet it names is a facet of the recommended item with a positive contribution;</li>
 *   <li>every percentage (41%, 41 percent, 百分之四十一) is one of the explanation's shares, within the rounding
 *       of the digits written, and every other number is one of its ranks, its list length or a count of
 *       its counterfactual's removed events.</li>
 * </ol>
 * The checks look at the words the sentence writes. A title the catalogue does not hold, written without quotes
 * or a year, and numbers spelt out in English words are not caught; a catalogue facet that is also a common word
 * ("war") is caught even when it is meant as the word, which makes the gate answer with the template.
 */
public final class GroundingGate {

    /** Why a sentence was rejected. */
    public enum Kind {
        /** Empty, or more than two sentences. */
        FORM,
        /** The top contributor (of a summary: the strongest facet) is not named. */
        MISSING_TOP_CONTRIBUTOR,
        /** A catalogue title the explanation does not hold. */
        UNGROUNDED_TITLE,
        /** A title-like span that is no title of the explanation (an invented title). */
        INVENTED_TITLE,
        /** A catalogue facet that is not a facet of the item with evidence. */
        UNGROUNDED_FACET,
        /** A percentage or number that the explanation does not hold. */
        WRONG_NUMBER,
        /** The backend failed (timeout, HTTP error, empty answer): not a judgement of text. */
        BACKEND_ERROR
    }

    /**
     * One thing wrong with a sentence.
     *
     * @param kind   what kind
     * @param detail what exactly, quoting the sentence
     */
    public record Violation(Kind kind, String detail) {
        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + ": " + detail;
        }
    }

    /**
     * The gate's answer.
     *
     * @param violations what is wrong, empty when the sentence is grounded
     */
    public record Verdict(List<Violation> violations) {
        /** Copies the list. */
        public Verdict {
            violations = List.copyOf(violations);
        }

        /** Whether nothing is wrong. */
        public boolean grounded() {
            return violations.isEmpty();
        }

        /** The first violation's kind, or null when grounded. */
        public Kind kind() {
            return violations.isEmpty() ? null : violations.get(0).kind();
        }
    }

    private static final char MASK = '\u2588';
    private static final Pattern QUOTED = Pattern.compile("“([^”]*)”|\"([^\"]*)\"|《([^》]*)》|「([^」]*)」|‘([^’]*)’");
    private static final Pattern YEAR = Pattern.compile("\\((1[89]\\d\\d|20\\d\\d)\\)");
    private static final Pattern PERCENT = Pattern.compile(
            "(\\d+(?:[.,]\\d+)?)\\s*(?:%|％|\\s*percent\\b|\\s*per cent\\b)");
    private static final Pattern ZH_PERCENT = Pattern.compile("百分之([零〇一二两三四五六七八九十百点]+|\\d+(?:\\.\\d+)?)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern ZH_RANK = Pattern.compile("第\\s*([零〇一二两三四五六七八九十百千]+)\\s*[位名]");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+(?=\\s|$)|[。！？]+");

    private final Vocabulary vocabulary;

    /** A gate over a catalogue's titles and facets. */
    public GroundingGate(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Checks an explanation's sentence {@code text} against {@code facts}. */
    public Verdict check(String text, Facts facts) {
        return check(text, (Grounds) facts);
    }

    /** Checks an interest summary {@code text} against the summary's {@code facts}. */
    public Verdict check(String text, SummaryFacts facts) {
        return check(text, (Grounds) facts);
    }

    private Verdict check(String text, Grounds facts) {
        List<Violation> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            out.add(new Violation(Kind.FORM, "empty answer"));
            return new Verdict(out);
        }
        String s = text.strip();
        // 1. the spans of the titles the facts permit (longest form first, each place taken once)
        boolean[] permitted = new boolean[s.length()];
        List<String> forms = new ArrayList<>();
        Set<String> groundTitles = new java.util.HashSet<>();
        for (String title : facts.groundTitles()) {
            groundTitles.add(title.strip());
            forms.addAll(Vocabulary.aliases(title));
        }
        forms.sort((a, b) -> Integer.compare(b.length(), a.length()));
        for (String form : forms) {
            mark(s, form, permitted);
        }
        // 2. the top contributor (or, for a summary, the strongest facet) must be named
        String top = facts.requiredTitle();
        if (top != null) {
            boolean named = false;
            for (String form : Vocabulary.aliases(top)) {
                named |= occurs(s, form);
            }
            if (!named) {
                out.add(new Violation(Kind.MISSING_TOP_CONTRIBUTOR, "the largest reason \"" + top
                        + "\" is not named"));
            }
        }
        String topFacet = facts.requiredFacet();
        if (topFacet != null && !occurs(s.toLowerCase(Locale.ROOT), topFacet.toLowerCase(Locale.ROOT))) {
            out.add(new Violation(Kind.MISSING_TOP_CONTRIBUTOR, "the strongest facet \"" + topFacet
                    + "\" is not named"));
        }
        // 3. catalogue titles outside the permitted spans
        for (String t : vocabulary.titles()) {
            String title = t.strip();
            if (title.length() < 4 || groundTitles.contains(title)) {
                continue;
            }
            int at = indexOutside(s, title, permitted);
            if (at >= 0) {
                out.add(new Violation(Kind.UNGROUNDED_TITLE, "names \"" + title + "\", which is not in the "
                        + facts.subject()));
            }
        }
        String masked = mask(s, permitted);
        // 4. title-like spans that are no permitted title and no facet
        Matcher q = QUOTED.matcher(masked);
        while (q.find()) {
            String inner = firstGroup(q).strip();
            if (inner.isEmpty() || inner.chars().allMatch(c -> c == MASK || Character.isWhitespace(c))
                    || isFacet(inner)) {
                continue;
            }
            out.add(new Violation(Kind.INVENTED_TITLE, "names " + q.group() + ", which is no title of the "
                    + facts.subject()));
        }
        Matcher y = YEAR.matcher(masked);
        while (y.find()) {
            int from = Math.max(0, y.start() - 40);
            out.add(new Violation(Kind.INVENTED_TITLE, "names a title with a year \"…" + masked.substring(from, y.end())
                    .replace(String.valueOf(MASK), "") + "\" that is not in the " + facts.subject()));
        }
        // 5. facets
        Set<String> allowedFacets = new java.util.HashSet<>();
        for (String f : facts.groundFacets()) {
            allowedFacets.add(f.toLowerCase(Locale.ROOT));
        }
        String lower = masked.toLowerCase(Locale.ROOT);
        List<String> facetNames = new ArrayList<>(vocabulary.facets());
        Collections.sort(facetNames);
        for (String f : facetNames) {
            String lf = f.toLowerCase(Locale.ROOT);
            if (!allowedFacets.contains(lf) && lf.length() >= 2 && occurs(lower, lf)) {
                out.add(new Violation(Kind.UNGROUNDED_FACET, "names the facet \"" + f + "\", which is not "
                        + facts.facetScope()));
            }
        }
        // 6. numbers
        boolean[] used = new boolean[masked.length()];
        Matcher p = PERCENT.matcher(masked);
        while (p.find()) {
            markUsed(used, p.start(), p.end());
            String digits = p.group(1).replace(',', '.');
            checkPercent(Double.parseDouble(digits), decimals(digits), p.group(), facts, out);
        }
        Matcher zp = ZH_PERCENT.matcher(masked);
        while (zp.find()) {
            markUsed(used, zp.start(), zp.end());
            String g = zp.group(1);
            double v = Character.isDigit(g.charAt(0)) ? Double.parseDouble(g) : chinese(g);
            checkPercent(v, g.contains(".") ? g.length() - g.indexOf('.') - 1 : g.contains("点")
                    ? g.length() - g.indexOf('点') - 1 : 0, zp.group(), facts, out);
        }
        Matcher n = NUMBER.matcher(masked);
        while (n.find()) {
            if (used[n.start()]) {
                continue;
            }
            String g = n.group();
            if (g.matches("\\d+") && g.length() < 10 && facts.integers().contains(Long.parseLong(g))) {
                continue;
            }
            out.add(new Violation(Kind.WRONG_NUMBER, "the number " + g + " is not in the " + facts.subject()));
        }
        Matcher zr = ZH_RANK.matcher(masked);
        while (zr.find()) {
            long v = Math.round(chinese(zr.group(1)));
            if (!facts.integers().contains(v)) {
                out.add(new Violation(Kind.WRONG_NUMBER, "the rank " + zr.group() + " is not in the " + facts.subject()));
            }
        }
        // 7. form: at most two sentences (counted with the titles taken out, so "Dr. Strangelove" is one word)
        Matcher e = SENTENCE_END.matcher(masked.strip());
        int ends = 0;
        int lastEnd = 0;
        while (e.find()) {
            ends++;
            lastEnd = e.end();
        }
        if (lastEnd < masked.strip().length()) {
            ends++;  // a last sentence without a full stop
        }
        if (ends > 2) {
            out.add(new Violation(Kind.FORM, ends + " sentences, at most 2 are asked for"));
        }
        return new Verdict(out);
    }

    /** Whether the sentence names the facts' top facet (the feature-match criterion of the narrator report). */
    public static boolean namesTopFacet(String text, Facts facts) {
        Facts.Facet f = facts.topFacet();
        if (f == null || text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return occurs(lower, f.name().toLowerCase(Locale.ROOT));
    }

    private boolean isFacet(String s) {
        for (String f : vocabulary.facets()) {
            if (f.equalsIgnoreCase(s)) {
                return true;
            }
        }
        return false;
    }

    private static void checkPercent(double value, int decimals, String written, Grounds facts, List<Violation> out) {
        double tolerance = 0.5 * Math.pow(10, -decimals) + 1e-9;
        for (double share : facts.percents()) {
            if (Math.abs(share * 100 - value) <= tolerance) {
                return;
            }
        }
        out.add(new Violation(Kind.WRONG_NUMBER, "the share \"" + written.strip() + "\" is not one of the " + facts.subject() + "'s"));
    }

    private static int decimals(String digits) {
        int dot = digits.indexOf('.');
        return dot < 0 ? 0 : digits.length() - dot - 1;
    }

    private static void markUsed(boolean[] used, int from, int to) {
        for (int i = from; i < to; i++) {
            used[i] = true;
        }
    }

    private static String firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return "";
    }

    private static String mask(String s, boolean[] spans) {
        StringBuilder b = new StringBuilder(s);
        for (int i = 0; i < spans.length; i++) {
            if (spans[i]) {
                b.setCharAt(i, MASK);
            }
        }
        return b.toString();
    }

    /** Marks each bounded occurrence of {@code form} that is not yet marked. */
    private static void mark(String s, String form, boolean[] marks) {
        for (int at = s.indexOf(form); at >= 0; at = s.indexOf(form, at + 1)) {
            if (bounded(s, at, form.length()) && !marks[at]) {
                for (int i = at; i < at + form.length(); i++) {
                    marks[i] = true;
                }
            }
        }
    }

    /** Whether {@code form} occurs in {@code s} bounded (not as part of a longer Latin word or number). */
    private static boolean occurs(String s, String form) {
        for (int at = s.indexOf(form); at >= 0; at = s.indexOf(form, at + 1)) {
            if (bounded(s, at, form.length())) {
                return true;
            }
        }
        return false;
    }

    /** The first bounded occurrence of {@code form} not inside a marked span, or -1. */
    private static int indexOutside(String s, String form, boolean[] marks) {
        for (int at = s.indexOf(form); at >= 0; at = s.indexOf(form, at + 1)) {
            if (bounded(s, at, form.length()) && !allMarked(marks, at, form.length())) {
                return at;
            }
        }
        return -1;
    }

    private static boolean allMarked(boolean[] marks, int at, int len) {
        for (int i = at; i < at + len; i++) {
            if (!marks[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the occurrence is not part of a longer Latin word or number (CJK neighbours bound it). */
    private static boolean bounded(String s, int at, int len) {
        return (at == 0 || !isWordChar(s.charAt(at - 1), s.charAt(at)))
                && (at + len >= s.length() || !isWordChar(s.charAt(at + len), s.charAt(at + len - 1)));
    }

    private static boolean isWordChar(char c, char inside) {
        boolean latin = c < 0x2E80 && Character.isLetterOrDigit(c);
        // an occurrence that itself begins or ends with punctuation is bounded by it
        return latin && Character.isLetterOrDigit(inside);
    }

    /** The value of a Chinese numeral of up to four digits ("四十一" = 41, "一百零五" = 105, "十二点五" = 12.5). */
    static double chinese(String s) {
        int point = s.indexOf('点');
        String whole = point < 0 ? s : s.substring(0, point);
        int section = 0;
        int digit = 0;
        boolean any = false;
        for (char c : whole.toCharArray()) {
            int d = digitOf(c);
            if (d >= 0) {
                digit = d;
                any = true;
            } else {
                int unit = c == '十' ? 10 : c == '百' ? 100 : c == '千' ? 1000 : 0;
                section += (any ? digit : 1) * unit;
                digit = 0;
                any = false;
            }
        }
        double value = section + digit;
        if (point >= 0) {
            double scale = 0.1;
            for (char c : s.substring(point + 1).toCharArray()) {
                int d = digitOf(c);
                if (d >= 0) {
                    value += d * scale;
                    scale /= 10;
                }
            }
        }
        return value;
    }

    private static int digitOf(char c) {
        int d = "零一二三四五六七八九".indexOf(c);
        return d >= 0 ? d : c == '〇' ? 0 : c == '两' ? 2 : -1;
    }

    /**
     * What a text may name, as the gate reads it from an explanation's {@link Facts} or a summary's
     * {@link SummaryFacts}.
     */
    interface Grounds {
        /** The titles the text may name. */
        List<String> groundTitles();

        /** The title the text must name, or null. */
        String requiredTitle();

        /** The facet the text must name, or null. */
        String requiredFacet();

        /** The catalogue facets the text may name. */
        List<String> groundFacets();

        /** The fractions (0.41 for 41%) the text may give. */
        List<Double> percents();

        /** The whole numbers the text may write. */
        Set<Long> integers();

        /** What the facts are of, for the messages: "explanation" or "interest summary". */
        String subject();

        /** Which facets are permitted, for the messages. */
        String facetScope();
    }
}
