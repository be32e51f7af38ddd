/**
 * Repeatable in-process benchmarks of model fitting and recommendation latency; the command line's bench
 * command runs them.
 */
package io.whyrec.core.model.bench;
