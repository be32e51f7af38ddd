/**
 * The REST API, one class per endpoint (its javadoc states path, parameters and errors), and what they share:
 * the {@link io.whyrec.server.api.Requests} checks that turn bad input into a 400 naming the field, the
 * {@link io.whyrec.server.api.Views} JSON shapes and the Prometheus {@link io.whyrec.server.api.Metrics}.
 */
package io.whyrec.server.api;
