package io.whyrec.server.crypto;

import javax.crypto.SecretKey;

/**
 * Where the encryption-at-rest keys come from: the seam between {@link PayloadCipher} and a key store.
 * {@link LocalKeyProvider} holds one key read from a file or from an environment variable. A KMS client implements
 * the same two methods: {@link #currentKeyId()} names the key that new values are sealed under (for example the
 * KMS key version), and {@link #key(String)} unwraps or fetches the data key of that id (for example by decrypting
 * a wrapped data key with the KMS and caching the result), so that values sealed under an older key stay readable
 * after a rotation.
 */
public interface KeyProvider {

    /** The id of the key that new values are sealed under; at most 255 ASCII characters. */
    String currentKeyId();

    /**
     * The AES-256 key of an id.
     *
     * @throws EncryptionException naming the id expected and the id or ids this provider holds when it has no
     *                             such key
     */
    SecretKey key(String keyId);

    /**
     * Where the keys come from, for error messages (for example a key file's name or an environment variable's);
     * never key material. By default the provider's class name.
     */
    default String source() {
        return getClass().getName();
    }
}
