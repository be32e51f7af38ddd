package io.whyrec.explain.text;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.ItemInfo;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * Renders an explanation as a sentence in English or Chinese, e.g. "Recommended because of Alien (41% of its
 * score) and Aliens (23%) in your history; it matches your interest in Sci-Fi." The reasons are the history items
 * with the largest positive contributions (events of the same item merged), each with its share of the score
 * above the baseline (of {@link Explanation#evidenceTotal()}, "what raises its score", when events against the
 * item make a share of the score exceed 100%); then the facet with the largest positive contribution; then, if
 * the explanation carries a found counterfactual, what removing it would do, naming the reasons' items among
 * the removed events first (and saying so when the smallest change found leaves every reason in place). The
 * sentence names items without a verb, which would be wrong for some catalogue or event type. Percentages and
 * numbers are
 * formatted with {@link NumberFormat} for the locale; every title and facet goes through {@link Evidence}.
 */
public final class ExplanationText {

    private static final String BUNDLE = "io.whyrec.explain.text.messages";

    private final Locale locale;
    private final ItemInfo info;
    private final TextConfig config;
    private final ResourceBundle bundle;

    /**
     * @param locale {@link Locale#ENGLISH} or {@link Locale#SIMPLIFIED_CHINESE} (any locale of language en or zh)
     * @param info   titles and facets
     * @param config how much to say
     */
    public ExplanationText(Locale locale, ItemInfo info, TextConfig config) {
        this.locale = Objects.requireNonNull(locale, "locale");
        String lang = locale.getLanguage();
        if (!lang.equals("en") && !lang.equals("zh")) {
            throw new IllegalArgumentException("no sentences for language \"" + lang + "\": use en or zh");
        }
        this.info = Objects.requireNonNull(info, "info");
        this.config = Objects.requireNonNull(config, "config");
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The renderer for a language code, "en" or "zh" (the command line's --lang). */
    public static ExplanationText forLanguage(String lang, ItemInfo info) {
        Locale locale = switch (lang) {
            case "en" -> Locale.ENGLISH;
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            default -> throw new IllegalArgumentException("--lang must be en or zh, got \"" + lang + "\"");
        };
        return new ExplanationText(locale, info, TextConfig.DEFAULT);
    }

    /** The locale sentences are written in. */
    public Locale locale() {
        return locale;
    }

    /** The explanation with its sentence set. */
    public Explanation apply(Explanation explanation) {
        return explanation.withText(render(explanation));
    }

    /**
     * The sentence for an explanation.
     *
     * @throws IllegalArgumentException when the explanation asks to name an item outside its history evidence
     *                                  or a facet the item does not have
     */
    public String render(Explanation x) {
        Evidence evidence = new Evidence(x, info);
        Formats fmt = formats();
        NumberFormat pct = fmt.percent;
        // merge events of the same item, keep positive ones, largest first (ties: most recent event first)
        Reasons reasons = Reasons.of(x.events(), config.maxItems());
        // a share is of the score (what the attributions sum to above the baseline) when every share of it is
        // at most 100%; when events against the item cancel part of it, of what raises the score instead
        double raising = x.evidenceTotal();
        double attributed = x.score() - x.baseline();
        boolean ofScore = attributed > 0 && reasons.size() > 0 && reasons.sum(0) <= attributed * (1 + 1e-9);
        double total = ofScore ? attributed : raising;
        StringBuilder out = new StringBuilder();
        if (reasons.size() == 0 || raising <= 0) {
            out.append(msg("sentence.none"));
        } else {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < reasons.size(); i++) {
                String share = pct.format(reasons.sum(i) / total);
                String key = i > 0 ? "event.next" : ofScore ? "event.first" : "event.first.raising";
                parts.add(msg(key, evidence.title(reasons.item(i)), share));
            }
            List<String> facetNames = new ArrayList<>();
            for (FacetAttribution f : x.facets()) {
                if (facetNames.size() >= config.maxFacets()) {
                    break;
                }
                if (f.contribution() > 0) {
                    facetNames.add(msg("facet", evidence.facet(f.facet())));
                }
            }
            if (facetNames.isEmpty()) {
                out.append(msg("sentence.events", join(parts)));
            } else {
                out.append(msg("sentence.events.facets", join(parts), join(facetNames)));
            }
        }
        Counterfactual cf = x.counterfactual();
        if (cf != null && cf.found() && cf.size() > 0) {
            // name the removed events of the reasons' items first (the same events as the sentence's reasons),
            // then the others that contributed most
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < cf.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> {
                int ra = reasonRank(reasons, cf.removedItems().get(a));
                int rb = reasonRank(reasons, cf.removedItems().get(b));
                if (ra != rb) {
                    return Integer.compare(ra, rb);
                }
                return Double.compare(contributionAt(x, cf.removedPositions().get(b)),
                        contributionAt(x, cf.removedPositions().get(a)));
            });
            // the clause names each item once, however many of its events were removed
            List<String> names = new ArrayList<>();
            List<Integer> named = new ArrayList<>();
            int covered = 0;
            for (int i : order) {
                int item = cf.removedItems().get(i);
                if (named.contains(item)) {
                    covered++;
                } else if (named.size() < config.maxCounterfactualItems()) {
                    named.add(item);
                    names.add(msg("item", evidence.title(item)));
                    covered++;
                }
            }
            // the reasons are the sentence's claim; when the smallest change found leaves them all in place,
            // say so rather than seem to contradict them
            boolean sharesAReason = false;
            for (int item : named) {
                sharesAReason |= reasonRank(reasons, item) < Integer.MAX_VALUE;
            }
            String prefix = sharesAReason || reasons.size() == 0 ? "counterfactual" : "counterfactual.other";
            String rank = fmt.integer.format(cf.newRank());
            out.append(locale.getLanguage().equals("en") ? " " : "");
            if (covered == cf.size()) {
                out.append(msg(prefix, join(names), rank));
            } else {
                out.append(msg(prefix + ".more", String.join(bundle.getString("list.separator"), names),
                        cf.size() - covered, rank));
            }
        }
        return out.toString();
    }

    /** The place of an item among the sentence's reasons, or {@code Integer.MAX_VALUE} when it is not one. */
    private static int reasonRank(Reasons reasons, int item) {
        for (int i = 0; i < reasons.size(); i++) {
            if (reasons.item(i) == item) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static double contributionAt(Explanation x, int position) {
        return position >= 0 && position < x.events().size() ? x.events().get(position).contribution()
                : Double.NEGATIVE_INFINITY;
    }

    private String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        if (parts.size() == 2) {
            return msg("list.pair", parts.get(0), parts.get(1));
        }
        String head = String.join(bundle.getString("list.separator"), parts.subList(0, parts.size() - 1));
        return msg("list.last", head, parts.get(parts.size() - 1));
    }

    private String msg(String key, Object... args) {
        Formats fmt = formats();
        MessageFormat mf = fmt.messages.get(key);
        if (mf == null) {
            mf = new MessageFormat(bundle.getString(key), locale);
            fmt.messages.put(key, mf);
        }
        return mf.format(args);
    }

    /**
     * The parsed formats of one locale for the calling thread: formats are not thread-safe and costly to build,
     * so each thread keeps its own, built once per locale (the bundle of a locale never changes).
     */
    private static final class Formats {
        final NumberFormat percent;
        final NumberFormat integer;
        final Map<String, MessageFormat> messages = new HashMap<>();

        Formats(Locale locale) {
            percent = NumberFormat.getPercentInstance(locale);
            percent.setMaximumFractionDigits(0);
            integer = NumberFormat.getIntegerInstance(locale);
        }
    }

    private static final ThreadLocal<Map<Locale, Formats>> FORMATS = ThreadLocal.withInitial(HashMap::new);

    private Formats formats() {
        return FORMATS.get().computeIfAbsent(locale, Formats::new);
    }

    /**
     * The reasons of a sentence: the history items whose events' contributions sum (in history order) to more
     * than 0, the {@code limit} largest sums first, ties by the item's most recent event (latest first), then by
     * first appearance (the order of the stable sort this replaces). Built
     * from one sort of (item, position) keys, without boxing.
     */
    private static final class Reasons {
        private final int[] items;
        private final double[] sums;
        private final int size;

        private Reasons(int[] items, double[] sums, int size) {
            this.items = items;
            this.sums = sums;
            this.size = size;
        }

        static Reasons of(List<EventAttribution> events, int limit) {
            Reasons distinct = ofDistinct(events, limit);
            return distinct != null ? distinct : grouped(events, limit);
        }

        /**
         * The common case of a history with each item once (a binary history): every item's sum is its one
         * event's contribution, so one selection pass gives what {@link #grouped} gives, without sorting; null
         * when some item has several events (or an item index is negative).
         */
        private static Reasons ofDistinct(List<EventAttribution> events, int limit) {
            int count = events.size();
            int max = -1;
            for (int t = 0; t < count; t++) {
                int item = events.get(t).item();
                if (item < 0) {
                    return null;
                }
                max = Math.max(max, item);
            }
            long[] marks = new long[(max >> 6) + 1];
            for (int t = 0; t < count; t++) {
                int item = events.get(t).item();
                long bit = 1L << item;
                if ((marks[item >> 6] & bit) != 0) {
                    return null;
                }
                marks[item >> 6] |= bit;
            }
            Best best = new Best(limit);
            for (int t = 0; t < count && limit > 0; t++) {
                EventAttribution e = events.get(t);
                double sum = e.contribution();
                if (sum > 0) {
                    best.offer(e.item(), sum, e.position(), t);
                }
            }
            return best.reasons();
        }

        /** Sums per item over sorted (item, event) keys, for histories where an item may have several events. */
        private static Reasons grouped(List<EventAttribution> events, int limit) {
            // Only items with a positive event can sum to more than 0 (a sum of values <= 0 stays <= 0, and
            // NaN is never > 0), so the others, which the loop below would skip, are left out of the sort: the
            // keys (item, event) of the positive events first, then the other events of those same items.
            int count = events.size();
            long[] keys = new long[count];
            int positive = 0;
            for (int t = 0; t < count; t++) {
                EventAttribution e = events.get(t);
                if (e.contribution() > 0) {
                    keys[positive++] = ((long) e.item() << 32) | (t & 0xffffffffL);
                }
            }
            Arrays.sort(keys, 0, positive);
            int n = positive;
            for (int t = 0; t < count && positive > 0; t++) {
                EventAttribution e = events.get(t);
                if (!(e.contribution() > 0) && hasItem(keys, positive, e.item())) {
                    keys[n++] = ((long) e.item() << 32) | (t & 0xffffffffL);
                }
            }
            if (n > positive) {
                Arrays.sort(keys, 0, n);
            }
            Best best = new Best(limit);
            for (int i = 0; i < n; ) {
                int item = (int) (keys[i] >>> 32);
                double sum = 0;
                int last = 0;
                int first = (int) keys[i];
                for (; i < n && (int) (keys[i] >>> 32) == item; i++) {
                    EventAttribution e = events.get((int) keys[i]);
                    sum += e.contribution();
                    last = Math.max(last, e.position());
                }
                if (sum > 0) {
                    best.offer(item, sum, last, first);
                }
            }
            return best.reasons();
        }

        /** The {@code limit} best (item, sum) pairs offered, in the order of {@link #before}. */
        private static final class Best {
            private final int[] item;
            private final double[] sum;
            private final int[] last;
            private final int[] first;
            private int size;

            Best(int limit) {
                item = new int[Math.max(0, limit)];
                sum = new double[item.length];
                last = new int[item.length];
                first = new int[item.length];
            }

            void offer(int i, double s, int l, int f) {
                if (item.length == 0
                        || (size == item.length && !before(s, l, f, sum[size - 1], last[size - 1], first[size - 1]))) {
                    return;
                }
                int j = size < item.length ? size++ : size - 1;
                while (j > 0 && before(s, l, f, sum[j - 1], last[j - 1], first[j - 1])) {
                    item[j] = item[j - 1];
                    sum[j] = sum[j - 1];
                    last[j] = last[j - 1];
                    first[j] = first[j - 1];
                    j--;
                }
                item[j] = i;
                sum[j] = s;
                last[j] = l;
                first[j] = f;
            }

            Reasons reasons() {
                return new Reasons(item, sum, size);
            }
        }

        /** Whether one of the first {@code count} (sorted) keys is of the item. */
        private static boolean hasItem(long[] keys, int count, int item) {
            int at = Arrays.binarySearch(keys, 0, count, (long) item << 32);
            int i = at >= 0 ? at : -at - 1;
            return i < count && (int) (keys[i] >>> 32) == item;
        }

        /** Whether (sum, last, first) goes before (otherSum, otherLast, otherFirst) in the sentence. */
        private static boolean before(double sum, int last, int first, double otherSum, int otherLast,
                                      int otherFirst) {
            int c = Double.compare(sum, otherSum);
            if (c != 0) {
                return c > 0;
            }
            return last != otherLast ? last > otherLast : first < otherFirst;
        }

        int size() {
            return size;
        }

        int item(int i) {
            return items[i];
        }

        double sum(int i) {
            return sums[i];
        }
    }
}
