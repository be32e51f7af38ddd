package io.whyrec.server.api;

/**
 * A request that cannot be served, with the HTTP status to answer and a message naming what was wrong (the field
 * path for bad input, e.g. {@code events[3].item: missing}). The message is sent to the client; it never holds a
 * stack trace or internal detail.
 */
public final class ApiException extends RuntimeException {

    private final int status;

    /** An error with a status and a client-facing message. */
    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
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
}
