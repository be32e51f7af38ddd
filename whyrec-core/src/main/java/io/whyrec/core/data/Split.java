package io.whyrec.core.data;

/**
 * A train/test split of one dataset; both parts share the user index and the catalogue.
 *
 * @param train the events a model may learn from
 * @param test  the held-out events
 * @param name  how the split was made, e.g. "random:0.8 seed=42", for reports
 */
public record Split(Dataset train, Dataset test, String name) {
}
