/**
 * Durable storage of the server: the database (SQLite under the data directory by default, or any JDBC URL such
 * as PostgreSQL) with its Flyway-versioned schema ({@code db/migration}, the same scripts for both), the
 * {@link io.whyrec.server.store.Store} repository that reads and writes users, items, events (one transaction per
 * batch, batched statements), tag edits, personalisation switches and explanation feedback in plain SQL shared by both databases, and
 * {@link io.whyrec.server.store.DatasetSeed}, which seeds an empty store once from a dataset written by
 * {@code whyrec import}. The change log ({@link io.whyrec.server.store.Change}) and the PostgreSQL announcements
 * ({@link io.whyrec.server.store.Notifications}) are how replicas sharing one store learn each other's writes.
 */
package io.whyrec.server.store;
