/**
 * Seeded generators of synthetic behaviour data with a planted truth (each user's favourite facets, popularity
 * bias, interest drift), so tests can check that the profile and the models recover what was planted.
 */
package io.whyrec.core.synth;
