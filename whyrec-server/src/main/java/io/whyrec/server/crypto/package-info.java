/**
 * Encryption at rest, below the store and the privacy code that both use it: {@link
 * io.whyrec.server.crypto.PayloadCipher} seals values with AES-256-GCM from {@code javax.crypto}, bound to their
 * rows, under keys that a {@link io.whyrec.server.crypto.KeyProvider} gives ({@link
 * io.whyrec.server.crypto.LocalKeyProvider}: one key from a file or {@code WHYREC_ENCRYPTION_KEY}; a KMS client
 * implements the same interface). {@link io.whyrec.server.store.Store} uses them to seal event and profile payloads.
 */
package io.whyrec.server.crypto;
