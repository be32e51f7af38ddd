package io.whyrec.server.api;

/**
 * A request that cannot be served, with the HTTP status to answer and a message naming what was wrong (the field
 * path for bad input, e.g. {@code events[3].item: missing}). The message is sent to the client; it never holds a
 * stack trace or internal detail.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final long retryAfterSeconds;

    /** An error with a status and a client-facing message. */
    public ApiException(int status, String message) {
        this(status, message, 0);
    }

    private ApiException(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * 429: too many requests; the answer carries {@code Retry-After} with the seconds to wait (at least 1).
     *
     * @param retryAfterNanos how long the client should wait, in nanoseconds (rounded up to whole seconds)
     */
    public static ApiException tooManyRequests(String message, long retryAfterNanos) {
        long seconds = Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
        return new ApiException(429, message + "; retry after " + seconds + " s", seconds);
    }

    /** 400: bad input, naming the field. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 401: no valid credential. */
    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    /** 403: valid credential, but not for this resource. */
    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    /** 404: the named resource does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The seconds of the {@code Retry-After} header; 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
