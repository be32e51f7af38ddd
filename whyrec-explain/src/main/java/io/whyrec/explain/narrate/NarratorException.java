package io.whyrec.explain.narrate;

/** A narrator backend that could not answer: unreachable, timed out, an HTTP error or an empty answer. */
public final class NarratorException extends Exception {

    /** An exception with its message and cause. */
    public NarratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
