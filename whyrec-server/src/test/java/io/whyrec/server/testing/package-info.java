/**
 * Test support: the database backends (SQLite, PostgreSQL) that the store and server suites run against, and the
 * headless browser of the page tests ({@link io.whyrec.server.testing.Chromium}). whyrec-server's test jar holds
 * only this package, so the tests of the modules above (whyrec-cli's) can use it.
 */
package io.whyrec.server.testing;
