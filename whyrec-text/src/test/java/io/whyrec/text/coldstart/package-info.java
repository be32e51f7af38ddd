/**
 * The cold-start evaluation: a split that holds out a seeded share of items entirely, the protocol that ranks
 * those items only, and a seeded tie-break for baselines that cannot tell cold items apart.
 */
package io.whyrec.text.coldstart;
