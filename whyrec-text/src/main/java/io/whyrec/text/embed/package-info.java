/**
 * Text embeddings computed in process and offline: the encoders (langchain4j ONNX models for English and
 * Chinese, a hashing baseline), the script detection that picks one, the item text, batching with progress and
 * the on-disk cache keyed by model and SHA-256 of the text.
 */
package io.whyrec.text.embed;
