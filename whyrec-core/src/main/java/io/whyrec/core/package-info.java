/**
 * The whyrec engine: {@code data} reads and prepares behaviour logs, {@code profile} turns a user's events into
 * the weighted history and the readable interest profile, {@code model} holds the recommenders that read that
 * history, {@code store} persists models, and {@code synth} generates data with a planted truth.
 */
package io.whyrec.core;
