/**
 * Leave-one-out attributions: the drop in the item's score when one event is removed from the history. Model
 * agnostic; one model evaluation per event.
 */
package io.whyrec.explain.loo;
