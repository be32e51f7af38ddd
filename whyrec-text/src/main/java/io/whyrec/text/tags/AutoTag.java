package io.whyrec.text.tags;

import java.util.List;

/**
 * One auto-discovered interest tag: a cluster of items with a readable name.
 *
 * @param id            cluster number
 * @param name          the display name: the dominant genre (when genres are known) and the top terms, as
 *                      {@code "Horror: vampire, haunted, curse"}
 * @param terms         the top tf-idf terms, best first
 * @param dominantGenre the most frequent genre among the members, or null when genres are unknown
 * @param genreShare    share of members that have the dominant genre, or NaN when unknown
 * @param members       dense item indices of the cluster, ascending
 */
public record AutoTag(int id, String name, List<String> terms, String dominantGenre, double genreShare,
                      int[] members) {
}
