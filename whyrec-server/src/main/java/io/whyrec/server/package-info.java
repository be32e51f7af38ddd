/**
 * The whyrec service entry point ({@link io.whyrec.server.WhyrecServer}) and its typed configuration.
 * Subpackages: store (database and schema), live (in-memory state and ranking), api (one class per endpoint),
 * auth (admin key, user tokens and their generations), privacy (erasure and the audit log).
 */
package io.whyrec.server;
