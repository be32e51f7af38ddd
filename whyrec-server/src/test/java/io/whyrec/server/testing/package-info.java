/**
 * Test support: the database backends (SQLite, PostgreSQL) that the store and server suites run against, and the
 * page tests' headless browser ({@link io.whyrec.server.testing.Chromium}) and admin requests
 * ({@link io.whyrec.server.testing.AdminHttp}). whyrec-server's test jar holds only this package, so the tests of
 * the modules above (whyrec-cli's) can use it.
 */
package io.whyrec.server.testing;
