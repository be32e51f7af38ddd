package io.whyrec.text.tags;

import io.whyrec.text.embed.HashingEncoder;
import io.whyrec.text.embed.Languages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names clusters of items by their most distinctive words: for a term and a cluster,
 * {@code tf-idf = (share of the cluster's items whose text contains the term) * ln(N / items containing it)}.
 * Terms are the tokens of {@link HashingEncoder#tokens} that read as words: Latin-script words of at least three
 * letters that are not English stop words or numbers, and CJK character pairs. Terms found in fewer than
 * {@code minItems} items of the cluster are skipped, so a single odd description cannot name a cluster.
 */
public final class TagNamer {

    /** English function words and words every film description uses. */
    static final Set<String> STOP = Set.copyOf(java.util.Arrays.asList(("the and for with that this from into its his her their they them "
            + "are was were has have had but not you your our who whom what when where which while will would can "
            + "could about after before over under between through during each other more most some such than "
            + "then there these those also only very just both all any one two three out off own same too film "
            + "movie story stars starring directed director cast plays released release features feature tells "
            + "follows set around upon being been does did doing its it's him she he where's life new first "
            + "well known year years man woman people world time way make made makes").split(" ")));

    private final List<Set<String>> itemTerms;
    private final Map<String, Integer> df = new HashMap<>();
    private final int minItems;

    /**
     * A namer over the items' texts.
     *
     * @param texts    one text per item
     * @param minItems a term must occur in at least this many items of a cluster, >= 1
     */
    public TagNamer(List<String> texts, int minItems) {
        this.minItems = Math.max(1, minItems);
        itemTerms = new ArrayList<>(texts.size());
        for (String t : texts) {
            Set<String> terms = new HashSet<>();
            for (String tok : HashingEncoder.tokens(t)) {
                if (isTerm(tok)) {
                    terms.add(tok);
                }
            }
            itemTerms.add(terms);
            for (String term : terms) {
                df.merge(term, 1, Integer::sum);
            }
        }
    }

    static boolean isTerm(String tok) {
        int cp = tok.codePointAt(0);
        if (Languages.isCjk(cp)) {
            return tok.codePointCount(0, tok.length()) >= 2;
        }
        return tok.length() >= 3 && !STOP.contains(tok) && !tok.chars().allMatch(Character::isDigit);
    }

    /** The {@code count} terms of highest tf-idf for a set of items, best first (ties by term). */
    public List<String> topTerms(int[] members, int count) {
        Map<String, Integer> inCluster = new HashMap<>();
        for (int i : members) {
            for (String term : itemTerms.get(i)) {
                inCluster.merge(term, 1, Integer::sum);
            }
        }
        int n = itemTerms.size();
        Map<String, Double> score = new HashMap<>();
        inCluster.forEach((term, c) -> {
            if (c >= minItems) {
                score.put(term, (c / (double) members.length) * Math.log(n / (double) df.get(term)));
            }
        });
        return score.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(count).map(Map.Entry::getKey).toList();
    }
}
