/**
 * Data in: readers for MovieLens, user-items and the generic CSV/TSV/JSON Lines format, validation with
 * file:line errors, the dense id index, the immutable {@link io.whyrec.core.data.Dataset}, preprocessing
 * (dedupe, implicit conversion, k-core) and the train/test splits.
 */
package io.whyrec.core.data;
