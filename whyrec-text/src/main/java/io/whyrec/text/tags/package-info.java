/**
 * Auto-discovered interest tags: seeded spherical k-means over item text embeddings, cluster names from tf-idf
 * terms and the dominant genre, and purity against known genres.
 */
package io.whyrec.text.tags;
