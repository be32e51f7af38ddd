/**
 * The text-based recommenders: item embeddings, the content model (interest embedding I = sum_t w_t x_t,
 * cosine scores, exact per-event contributions, HNSW retrieval for large catalogues) and the hybrid of content and
 * EASE with its blend chosen on validation.
 */
package io.whyrec.text.model;
