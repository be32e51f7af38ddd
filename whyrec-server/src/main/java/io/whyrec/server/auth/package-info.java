/**
 * Who may call what: the admin API key (ingestion, catalogue, erasure, token issuing) and per-user HMAC-signed
 * tokens with which a user reads and edits only their own profile.
 */
package io.whyrec.server.auth;
