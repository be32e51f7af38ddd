package io.whyrec.server.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The structured access log: one JSON line per request,
 * {@code {"time", "requestId", "method", "route", "status", "durationMs", "model", "user", "audit"}}, where
 * {@code route} is the route template (never the raw path, which holds user ids), {@code user} is a keyed hash
 * of the path's user id (the same user gives the same 16 hex digits while the token secret stays the same, and
 * the id cannot be read back from it), and {@code audit} is present on the audited admin actions. Credentials
 * (the admin key, user tokens) are never written.
 *
 * <p>Requests only append a line to a lock-free queue; one daemon thread writes the lines in batches to standard
 * output or to a file (appended) and flushes whenever the queue runs empty. When the writer falls more than
 * {@link #CAPACITY} lines behind, new lines are dropped and counted in {@code whyrec_access_log_dropped_total}
 * rather than slowing the requests down.
 */
public final class AccessLog implements AutoCloseable {

    /** The target that writes to standard output. */
    public static final String STDOUT = "-";

    /** The target that turns the access log off. */
    public static final String NONE = "none";

    /** Lines waiting to be written before new ones are dropped. */
    static final int CAPACITY = 100_000;

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Writer out;
    private final Thread writer;
    private final byte[] userKey;
    private final ThreadLocal<Mac> macs;
    private final Counter dropped;
    private volatile boolean closed;

    private AccessLog(Writer out, byte[] userKey, MeterRegistry registry) {
        this.out = out;
        this.userKey = userKey;
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.dropped = Counter.builder("whyrec.access.log.dropped")
                .description("Access log lines dropped because the writer was more than " + CAPACITY
                        + " lines behind.").register(registry);
        if (out == null) {
            this.writer = null;
        } else {
            this.writer = new Thread(this::drain, "whyrec-access-log");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * Opens the access log.
     *
     * @param target      {@link #STDOUT}, {@link #NONE} (or null) for no lines (the user-id hash of the audit
     *                    lines still works), or a file path to append to
     * @param tokenSecret the server's token secret, from which the key of the user-id hash is derived
     * @param registry    where the dropped-lines counter is registered
     * @throws IllegalArgumentException when the file cannot be opened for appending, naming it
     */
    public static AccessLog open(String target, byte[] tokenSecret, MeterRegistry registry) {
        byte[] key = userKey(tokenSecret);
        if (target == null || target.equals(NONE)) {
            return new AccessLog(null, key, registry);
        }
        if (target.equals(STDOUT)) {
            return new AccessLog(new java.io.PrintWriter(System.out, false), key, registry);
        }
        Path file = Path.of(target);
        try {
            return new AccessLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), key, registry);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("access log " + target + ": cannot be opened for appending: "
                    + e.getMessage());
        }
    }

    /** Whether lines are written at all. */
    public boolean enabled() {
        return out != null;
    }

    /**
     * Queues the line of one finished request (nothing when the log is off).
     *
     * @param epochMillis when the request arrived
     * @param requestId   the request id (checked by {@link RequestIds}: no character needs escaping)
     * @param method      HTTP method
     * @param route       the route template, or "unmatched"
     * @param status      response status
     * @param nanos       duration
     * @param model       the model that answered, or {@link Metrics#NO_MODEL}
     * @param user        the path's user id, or null (written only as its keyed hash)
     * @param audit       the audited action, or null
     */
    public void log(long epochMillis, String requestId, String method, String route, int status, long nanos,
                    String model, String user, String audit) {
        if (out == null || closed) {
            return;
        }
        if (pending.incrementAndGet() > CAPACITY) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        StringBuilder sb = new StringBuilder(224);
        sb.append("{\"time\":\"").append(Instant.ofEpochMilli(epochMillis)).append("\",\"requestId\":\"")
                .append(requestId).append("\",\"method\":\"").append(method).append("\",\"route\":");
        string(sb, route);
        sb.append(",\"status\":").append(status).append(",\"durationMs\":");
        long micros = nanos / 1_000;
        sb.append(micros / 1_000).append('.');
        long frac = micros % 1_000;
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac).append(",\"model\":");
        string(sb, model);
        if (user != null) {
            sb.append(",\"user\":\"").append(hashUser(user)).append('"');
        }
        if (audit != null) {
            sb.append(",\"audit\":");
            string(sb, audit);
        }
        sb.append('}');
        queue.add(sb.toString());
    }

    /**
     * The keyed hash under which a user id appears in the access log and the audit lines: the first 8 bytes of
     * HMAC-SHA256 over the id, in hex. It lets an operator follow one user's requests without the log holding
     * the id.
     */
    public String hashUser(String user) {
        byte[] mac = macs.get().doFinal(user.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac, 0, 8);
    }

    private static byte[] userKey(byte[] tokenSecret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("whyrec access log user id\0".getBytes(StandardCharsets.US_ASCII));
            return sha.digest(tokenSecret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(userKey, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Appends a JSON string (route templates and model names are plain, but quote and backslash are escaped). */
    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** The writer thread: batches lines, flushes when the queue is empty, parks briefly while idle. */
    private void drain() {
        StringBuilder batch = new StringBuilder(1 << 16);
        while (true) {
            String line = queue.poll();
            if (line != null) {
                pending.decrementAndGet();
                batch.append(line).append('\n');
                if (batch.length() < (1 << 16)) {
                    continue;
                }
            }
            if (batch.length() > 0) {
                try {
                    out.write(batch.toString());
                    out.flush();
                } catch (IOException e) {
                    // a full disk or a closed pipe must not stop the server; the lines are lost
                }
                batch.setLength(0);
            }
            if (line == null) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** Writes what is queued and stops the writer (a file is closed; standard output is only flushed). */
    @Override
    public void close() {
        if (out == null || closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (out instanceof BufferedWriter) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            // nothing more can be written
        }
    }
}
