package io.whyrec.explain.whynot;

import io.whyrec.api.ItemInfo;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link WhyNotAnswer} as plain sentences in English or Chinese, e.g. "“Heat” is at rank 37 (score
 * 0.41, 0.27 below the 10th item). Holding it back: your activity on “Ronin” (-0.12). Adding “Casino” and
 * “GoodFellas” to your history would bring it to rank 8." or "《Heat》目前排在第 37 位（得分 0.41，比第 10 名低
 * 0.27）。你对《Ronin》（-0.12）的行为拉低了它的得分。如果你的历史中加入《Casino》和《GoodFellas》，它会升到第 8 位。"
 * A change that mixes kinds is written as clauses: "Leaving out your activity on “Ronin”, adding “Casino” to your
 * history and marking “Speed” as not interested would bring it to rank 9."
 *
 * <p>The sentences name only the asked item, items of the user's history (the events holding it back, those
 * lifting the K-th item, the removed events) and the items a change adds or marks "not interested"; the K-th
 * item itself is never named.
 * The user's events are called "activity" ("行为"), never "watched", since a history may hold clicks, ratings or
 * purchases. At most {@link #MAX_REASONS} items are named per reason and {@link #MAX_CHANGE_ITEMS} per change,
 * the rest counted. Numbers are formatted for the locale with two decimals, ranks as integers.
 *
 * <p>The patterns live in this class (not in a resource bundle) so that the sentences and the rules for what
 * they may name sit together; they are MessageFormat patterns whose arguments are pre-formatted strings.
 */
public final class WhyNotText {

    /** Most history items named in each reason sentence. */
    public static final int MAX_REASONS = 2;

    /** Most items named in the change sentence; the others are counted. */
    public static final int MAX_CHANGE_ITEMS = 3;

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("title", "\u201C{0}\u201D"),
            Map.entry("seen", "{0} is not in your list because you already have activity on it."),
            Map.entry("excluded", "{0} is not in your list because your settings exclude it (for example a muted tag)."),
            Map.entry("inList", "{0} is already in your list, at rank {1}."),
            Map.entry("outside", "{0} is at rank {1} (score {2}, {3} below the {4} item)."),
            Map.entry("holding", " Holding it back: your activity on {0}."),
            Map.entry("holding.item", "{0} ({1})"),
            Map.entry("lifting", " Your activity on {0} lifts the {1} item more than this one."),
            Map.entry("add", " Adding {0} to your history would bring it to rank {1}."),
            Map.entry("remove", " Without your activity on {0}, it would rise to rank {1}."),
            Map.entry("closest.add", " No change tried brings it into the top {0}; the closest, adding {1} to your "
                    + "history, would put it at rank {2}."),
            Map.entry("closest.remove", " No change tried brings it into the top {0}; the closest, leaving out your "
                    + "activity on {1}, would put it at rank {2}."),
            Map.entry("none", " No change tried brings it into the top {0}."),
            Map.entry("part.remove", "leaving out your activity on {0}"),
            Map.entry("part.add", "adding {0} to your history"),
            Map.entry("part.dismiss", "marking {0} as not interested"),
            Map.entry("parts", " {0} would bring it to rank {1}."),
            Map.entry("closest.parts", " No change tried brings it into the top {0}; the closest, {1}, would put it at "
                    + "rank {2}."),
            Map.entry("clause.separator", ", "),
            Map.entry("clause.last", "{0} and {1}"),
            Map.entry("pair", "{0} and {1}"),
            Map.entry("last", "{0} and {1}"),
            Map.entry("separator", ", "),
            Map.entry("more", "{0} and {1} more"));

    private static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("title", "《{0}》"),
            Map.entry("seen", "{0}不在你的推荐列表中，因为你已经对它有过行为。"),
            Map.entry("excluded", "{0}不在你的推荐列表中，因为你的设置排除了它（例如屏蔽的标签）。"),
            Map.entry("inList", "{0}已经在你的推荐列表中，排在第 {1} 位。"),
            Map.entry("outside", "{0}目前排在第 {1} 位（得分 {2}，比第 {4} 名低 {3}）。"),
            Map.entry("holding", "你对{0}的行为拉低了它的得分。"),
            Map.entry("holding.item", "{0}（{1}）"),
            Map.entry("lifting", "你对{0}的行为让第 {1} 名的得分提高得比它更多。"),
            Map.entry("add", "如果你的历史中加入{0}，它会升到第 {1} 位。"),
            Map.entry("remove", "如果没有你对{0}的行为，它会升到第 {1} 位。"),
            Map.entry("closest.add", "尝试过的改动都不能让它进入前 {0} 名；最接近的是在你的历史中加入{1}，它会排在第 {2} 位。"),
            Map.entry("closest.remove", "尝试过的改动都不能让它进入前 {0} 名；最接近的是去掉你对{1}的行为，它会排在第 {2} 位。"),
            Map.entry("none", "尝试过的改动都不能让它进入前 {0} 名。"),
            Map.entry("part.remove", "去掉你对{0}的行为"),
            Map.entry("part.add", "在你的历史中加入{0}"),
            Map.entry("part.dismiss", "把{0}标记为不感兴趣"),
            Map.entry("parts", "如果{0}，它会升到第 {1} 位。"),
            Map.entry("closest.parts", "尝试过的改动都不能让它进入前 {0} 名；最接近的是{1}，它会排在第 {2} 位。"),
            Map.entry("clause.separator", "，"),
            Map.entry("clause.last", "{0}，并{1}"),
            Map.entry("pair", "{0}和{1}"),
            Map.entry("last", "{0}和{1}"),
            Map.entry("separator", "、"),
            Map.entry("more", "{0}及另外 {1} 项"));

    private final Locale locale;
    private final Map<String, String> patterns;
    private final ItemInfo info;
    private final NumberFormat decimal;
    private final NumberFormat integer;

    private WhyNotText(ItemInfo info, Locale locale) {
        this.info = Objects.requireNonNull(info, "info");
        this.locale = Objects.requireNonNull(locale, "locale");
        this.patterns = switch (locale.getLanguage()) {
            case "en" -> EN;
            case "zh" -> ZH;
            default -> throw new IllegalArgumentException("no why-not sentences for language \""
                    + locale.getLanguage() + "\": use en or zh");
        };
        decimal = NumberFormat.getNumberInstance(locale);
        decimal.setMinimumFractionDigits(2);
        decimal.setMaximumFractionDigits(2);
        integer = NumberFormat.getIntegerInstance(locale);
    }

    /**
     * The sentences for an answer.
     *
     * @param answer the answer to write
     * @param info   titles of the items
     * @param locale any locale of language en or zh
     * @throws IllegalArgumentException for another language
     */
    public static String render(WhyNotAnswer answer, ItemInfo info, Locale locale) {
        return new WhyNotText(info, locale).write(Objects.requireNonNull(answer, "answer"));
    }

    private String write(WhyNotAnswer a) {
        String item = title(a.item());
        switch (a.status()) {
            case SEEN:
                return msg("seen", item);
            case EXCLUDED:
                return msg("excluded", item);
            case IN_LIST:
                return msg("inList", item, integer.format(a.rank()));
            default:
                break;
        }
        StringBuilder out = new StringBuilder(msg("outside", item, integer.format(a.rank()), decimal.format(a.score()),
                decimal.format(a.gap()), place(a.k())));
        if (!a.holdingBack().isEmpty()) {
            Map<Integer, Double> sums = new LinkedHashMap<>();
            for (Blocker b : a.holdingBack()) {
                sums.merge(b.item(), b.contribution(), Double::sum);
            }
            List<Map.Entry<Integer, Double>> byItem = new ArrayList<>(sums.entrySet());
            byItem.sort(Map.Entry.comparingByValue()); // stable: ties keep the order of the most negative event
            List<String> parts = new ArrayList<>();
            for (Map.Entry<Integer, Double> e : byItem.subList(0, Math.min(MAX_REASONS, byItem.size()))) {
                parts.add(msg("holding.item", title(e.getKey()), decimal.format(e.getValue())));
            }
            out.append(msg("holding", join(parts, byItem.size())));
        }
        if (!a.liftingKth().isEmpty()) {
            List<Integer> items = distinctItems(a.liftingKth().stream().map(Blocker::item).toList());
            out.append(msg("lifting", join(titles(items, MAX_REASONS), items.size()), place(a.k())));
        }
        Change c = a.change();
        if (c == null) {
            out.append(msg("none", integer.format(a.k())));
        } else if (c.kind() == Change.Kind.ADD || c.kind() == Change.Kind.REMOVE) {
            boolean add = c.kind() == Change.Kind.ADD;
            List<Integer> items = distinctItems(add ? c.addedItems() : c.removedItems());
            String names = join(titles(items, MAX_CHANGE_ITEMS), items.size());
            String rank = integer.format(c.newRank());
            if (c.verified()) {
                out.append(msg(add ? "add" : "remove", names, rank));
            } else {
                out.append(msg(add ? "closest.add" : "closest.remove", integer.format(a.k()), names, rank));
            }
        } else {
            List<String> parts = new ArrayList<>();
            part(parts, "part.remove", c.removedItems());
            part(parts, "part.add", c.addedItems());
            part(parts, "part.dismiss", c.dismissedItems());
            String clauses = joinClauses(parts);
            if (c.verified()) {
                String sentence = msg("parts", clauses, integer.format(c.newRank()));
                out.append(locale.getLanguage().equals("en") ? " " + capitalise(sentence.substring(1)) : sentence);
            } else {
                out.append(msg("closest.parts", integer.format(a.k()), clauses, integer.format(c.newRank())));
            }
        }
        return out.toString();
    }

    /** Adds the clause of one part of a change (at most {@link #MAX_CHANGE_ITEMS} named), if it has items. */
    private void part(List<String> parts, String key, List<Integer> items) {
        List<Integer> distinct = distinctItems(items);
        if (!distinct.isEmpty()) {
            parts.add(msg(key, join(titles(distinct, MAX_CHANGE_ITEMS), distinct.size())));
        }
    }

    /** Joins clauses: "a, b and c" in English, "a，b，并c" in Chinese. */
    private String joinClauses(List<String> clauses) {
        if (clauses.size() == 1) {
            return clauses.get(0);
        }
        String head = String.join(patterns.get("clause.separator"), clauses.subList(0, clauses.size() - 1));
        return msg("clause.last", head, clauses.get(clauses.size() - 1));
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "10th" in English, "10" in Chinese (whose pattern writes 第 10 名). */
    private String place(int k) {
        String number = integer.format(k);
        if (!locale.getLanguage().equals("en")) {
            return number;
        }
        int tens = k % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch (k % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return number + suffix;
    }

    private String title(int item) {
        return msg("title", info.title(item));
    }

    private List<String> titles(List<Integer> items, int limit) {
        List<String> out = new ArrayList<>();
        for (int item : items.subList(0, Math.min(limit, items.size()))) {
            out.add(title(item));
        }
        return out;
    }

    private static List<Integer> distinctItems(List<Integer> items) {
        return items.stream().distinct().toList();
    }

    /** Joins the named parts; {@code total} counts all of them, named or not. */
    private String join(List<String> parts, int total) {
        String sep = patterns.get("separator");
        if (total > parts.size()) {
            return msg("more", String.join(sep, parts), integer.format(total - parts.size()));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        if (parts.size() == 2) {
            return msg("pair", parts.get(0), parts.get(1));
        }
        return msg("last", String.join(sep, parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1));
    }

    private String msg(String key, Object... args) {
        return new MessageFormat(patterns.get(key), locale).format(args);
    }
}
