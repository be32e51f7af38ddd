/**
 * The vocabulary every whyrec module shares: raw interactions and items as they are imported, the weighted
 * history that profile, models and explainers all read, scored items, and the small role interfaces that
 * models and metrics implement. This package depends on nothing but the JDK.
 */
package io.whyrec.api;
