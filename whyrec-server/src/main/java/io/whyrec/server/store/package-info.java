/**
 * Durable storage of the server: the database (SQLite by default, any JDBC URL such as PostgreSQL later) with its
 * Flyway-versioned schema, and the {@link io.whyrec.server.store.Store} repository that reads and writes users,
 * items, events, tag edits and personalisation switches in plain SQL shared by both databases.
 */
package io.whyrec.server.store;
