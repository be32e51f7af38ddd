package io.whyrec.server.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids, echoed in the {@code X-Request-Id} response header and written in the access log. An incoming
 * {@code X-Request-Id} (from a proxy or the platform) is kept when it is sane: 1 to {@link #MAX_LENGTH} characters
 * of letters, digits and {@code . _ : -}. Anything else is replaced by a new id: this server's start time in base
 * 36, a dash, and a counter in base 36 ({@code "miz0k3q2-1f"}), unique within the server's life and, through the
 * start time, across restarts.
 */
public final class RequestIds {

    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";

    /** Longest incoming id that is kept. */
    public static final int MAX_LENGTH = 64;

    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    /** Ids for a server started at {@code startMillis} (milliseconds since the epoch). */
    public RequestIds(long startMillis) {
        this.prefix = Long.toString(startMillis, 36) + "-";
    }

    /** The incoming id when it is sane, else a new one. */
    public String idFor(String incoming) {
        return sane(incoming) ? incoming : prefix + Long.toString(next.incrementAndGet(), 36);
    }

    /** Whether an incoming id is kept: 1..64 characters of {@code [A-Za-z0-9._:-]}. */
    static boolean sane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
