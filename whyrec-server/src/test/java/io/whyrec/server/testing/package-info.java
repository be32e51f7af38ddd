/**
 * Test support: the database backends (SQLite, PostgreSQL) that the store and server suites run against.
 */
package io.whyrec.server.testing;
