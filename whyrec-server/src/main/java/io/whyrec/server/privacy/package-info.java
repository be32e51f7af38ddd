/**
 * Erasure and accountability: {@link io.whyrec.server.privacy.Erasure} removes a user from every place the server
 * and the data directory keep them (store, database file bytes, dataset file, memory, caches, tokens, models), and
 * {@link io.whyrec.server.privacy.AuditLog} appends token issues, erasures and admin actions to a hash-chained log
 * that names users only by keyed pseudonyms.
 */
package io.whyrec.server.privacy;
