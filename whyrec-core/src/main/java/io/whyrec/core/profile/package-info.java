/**
 * The interest model: turns a user's events into the weighted history
 * ({@code w_t = (alpha * f_t + beta * h_t) * exp(-lambda * age_t)}) and the readable interest profile
 * ({@code I = sum_t w_t x_t} over facets), with the evidence events behind every facet.
 */
package io.whyrec.core.profile;
