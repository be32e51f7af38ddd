package io.whyrec.api;

/**
 * One event of a user's history with every term of the seed formula
 * {@code w = (alpha * f + beta * h) * exp(-lambda * age)} kept, so that a profile, a model and an explanation
 * can all show the same numbers.
 *
 * @param item      dense item index
 * @param timestamp seconds since the epoch (0 when unknown)
 * @param frequency f: how often the user acted on this item (or its facets) within the window
 * @param heat      h: the event's intensity after normalisation (rating, event-type weight, dwell time)
 * @param decay     exp(-lambda * age), in (0, 1]
 * @param weight    w: the final weight the models and the profile use
 */
public record WeightedEvent(int item, long timestamp, double frequency, double heat, double decay, double weight) {

    /** An event with weight 1 and neutral terms, as a plain binary history uses. */
    public static WeightedEvent unit(int item, long timestamp) {
        return new WeightedEvent(item, timestamp, 1.0, 1.0, 1.0, 1.0);
    }

    /** The same event with another final weight (used when an explainer masks or scales an event). */
    public WeightedEvent withWeight(double newWeight) {
        return new WeightedEvent(item, timestamp, frequency, heat, decay, newWeight);
    }
}
