/**
 * The language-model path of whyrec: text embeddings computed in process and offline, the content and hybrid
 * recommenders, HNSW retrieval, the cold-start protocol and auto-discovered interest tags. {@link
 * io.whyrec.text.TextModels} registers the models with the core registry.
 */
package io.whyrec.text;
