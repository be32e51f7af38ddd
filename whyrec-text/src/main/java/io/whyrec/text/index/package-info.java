/**
 * Candidate retrieval for large catalogues: an in-memory Lucene HNSW index over unit item vectors, the exact
 * brute-force reference with recall, and a seeded synthetic vector catalogue to measure them on.
 */
package io.whyrec.text.index;
