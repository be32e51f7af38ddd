package io.whyrec.server.live;

import io.whyrec.core.model.Ease;

/**
 * One fitted EASE model as the server serves it, immutable and swapped atomically by the {@link LiveEngine}: a
 * request reads the reference once and keeps that model to its end, so a refit never fails a request in flight.
 * EASE covers the first {@code ease.numItems()} items of the catalogue (dense indices never change; items added
 * after the fit score 0 and their events are ignored until the next fit).
 *
 * @param version      increases with every fit; per-user cached inputs are keyed by it
 * @param ease         the fitted model
 * @param users        users in the training matrix
 * @param eventsAtFit  the engine's change counter when the matrix was read (a refit is needed once it moves)
 * @param fitMillis    wall time of the fit in milliseconds
 */
public record EaseSnapshot(long version, Ease ease, int users, long eventsAtFit, long fitMillis) {
}
