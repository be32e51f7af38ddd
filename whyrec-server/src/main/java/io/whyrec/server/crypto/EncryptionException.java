package io.whyrec.server.crypto;

/**
 * A value encrypted at rest cannot be read: the key is missing or wrong, or the stored bytes were changed or moved.
 * The message is one line naming where and what; it never carries key material or plaintext.
 */
public final class EncryptionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** An error with a one-line message. */
    public EncryptionException(String message) {
        super(message);
    }
}
