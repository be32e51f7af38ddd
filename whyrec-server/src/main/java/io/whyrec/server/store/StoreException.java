package io.whyrec.server.store;

/** A failure of the database: it could not be opened, migrated, read or written. The message names the cause. */
public final class StoreException extends RuntimeException {

    /** An exception with a message and its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
