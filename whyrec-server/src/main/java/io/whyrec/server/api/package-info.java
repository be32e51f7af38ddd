/**
 * The REST API, one class per endpoint (its javadoc states path, parameters and errors), and what they share:
 * the {@link io.whyrec.server.api.Requests} checks that turn bad input into a 400 naming the field, the
 * {@link io.whyrec.server.api.Views} JSON shapes, the Prometheus {@link io.whyrec.server.api.Metrics} and the
 * {@link io.whyrec.server.api.Admission} of requests by the fair-use limits (400 above the cost budget, 429 with
 * {@code Retry-After} otherwise).
 */
package io.whyrec.server.api;
