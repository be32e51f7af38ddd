package io.whyrec.api;

/**
 * How much one event of the history contributed to the score of the explained item.
 *
 * @param position     the event's position in the explained history (0 = oldest)
 * @param item         dense index of the event's item
 * @param timestamp    the event's time, seconds since the epoch (0 when unknown)
 * @param weight       the event's weight w_t as the model read it
 * @param contribution the event's contribution to the score, in score units: exact for additive models, an
 *                     estimate (leave-one-out drop, LIME coefficient, Shapley value) otherwise
 */
public record EventAttribution(int position, int item, long timestamp, double weight, double contribution) {
}
