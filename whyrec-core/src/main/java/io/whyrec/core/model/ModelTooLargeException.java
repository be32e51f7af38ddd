package io.whyrec.core.model;

/**
 * Thrown before a fit starts when the model it would build does not fit in the Java heap; the one-line message
 * names the model, the memory it needs and the heap the JVM has, and what to do about it. Callers that fit
 * several models (evaluate, serve) catch it, report the model as not fitted and keep the others.
 */
public final class ModelTooLargeException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final long neededBytes;
    private final long availableBytes;

    /**
     * An exception for a model that needs more heap than is available.
     *
     * @param message        the one-line message
     * @param neededBytes    what the fit would allocate, bytes
     * @param availableBytes what the heap can still give, bytes
     */
    public ModelTooLargeException(String message, long neededBytes, long availableBytes) {
        super(message);
        this.neededBytes = neededBytes;
        this.availableBytes = availableBytes;
    }

    /** What the fit would allocate, bytes. */
    public long neededBytes() {
        return neededBytes;
    }

    /** What the heap could still give when the fit was refused, bytes. */
    public long availableBytes() {
        return availableBytes;
    }
}
