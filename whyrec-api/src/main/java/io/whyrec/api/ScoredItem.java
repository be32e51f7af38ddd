package io.whyrec.api;

/**
 * An item with the score a model gave it. Orders by descending score, then ascending item index, so every
 * ranking in whyrec is deterministic.
 *
 * @param item  dense item index
 * @param score model score; only the order matters across models
 */
public record ScoredItem(int item, double score) implements Comparable<ScoredItem> {

    @Override
    public int compareTo(ScoredItem other) {
        int c = Double.compare(other.score, score);
        return c != 0 ? c : Integer.compare(item, other.item);
    }
}
