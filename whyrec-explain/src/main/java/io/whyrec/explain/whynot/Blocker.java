package io.whyrec.explain.whynot;

/**
 * One history event seen from a "why not X?" question: what it does to the asked item and to the K-th item
 * of the list. For an additive model both numbers are exact contributions; for other models they are
 * leave-one-out contributions, {@code f(history) - f(history without the event)}, so in both cases a negative
 * {@code contribution} means the event pulls the asked item down.
 *
 * @param position        position of the event in the history
 * @param item            item of the event
 * @param contribution    the event's contribution to the asked item's score
 * @param kthContribution the event's contribution to the score of the K-th item of the list
 */
public record Blocker(int position, int item, double contribution, double kthContribution) {

    /**
     * How much more the event lifts the K-th item than the asked item, {@code kthContribution - contribution}:
     * removing the event narrows the gap between the two by this amount.
     */
    public double margin() {
        return kthContribution - contribution;
    }
}
