package io.whyrec.server.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only, hash-chained audit log: the file {@value #FILE} in the data directory, one JSON object a line,
 * {@code {"seq": n, "time": "...", "action": "...", ...details, "prev": "<hex SHA-256 of the previous line>"}},
 * where the first line's {@code prev} is 64 zeros and {@code seq} counts lines from 1. Each append is written
 * and synced before the action it records is answered. Changing, removing or inserting a line breaks the chain
 * at the line after it, which {@link #verify} finds; cutting lines off the end is not detectable from the file
 * alone (docs/serving.md).
 *
 * <p>Users appear only as keyed pseudonyms ({@link io.whyrec.server.auth.UserKeys}), never as raw ids, so the log
 * needs no rewrite when a user is erased.
 */
public final class AuditLog implements AutoCloseable {

    /** The audit log's file name in the data directory. */
    public static final String FILE = "audit.log";
    /** The {@code prev} of the first line. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final FileChannel channel;
    private String prev;
    private long seq;

    private AuditLog(Path file, FileChannel channel, String prev, long seq) {
        this.file = file;
        this.channel = channel;
        this.prev = prev;
        this.seq = seq;
    }

    /**
     * Opens (creating, owner-only) the audit log of a data directory and continues its chain. The existing chain
     * is verified first, so a server never appends to a tampered log.
     *
     * @throws IllegalStateException when the existing log's chain is broken, naming the line
     * @throws UncheckedIOException  when the file cannot be read or opened
     */
    public static AuditLog open(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            Verification v = verify(file);
            if (!v.intact()) {
                throw new IllegalStateException(file + ": " + v.message() + "; the server does not append to a "
                        + "broken audit log (move it aside to start a new one)");
            }
            boolean fresh = !Files.exists(file);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (fresh) {
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the file keeps the default permissions
                }
            }
            return new AuditLog(file, ch, v.lastHash(), v.records());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file, e);
        }
    }

    /**
     * Appends to a log that may be absent ({@code null}: a context built without one, as in rendering tests).
     */
    public static void record(AuditLog log, String action, Map<String, ?> details) {
        if (log != null) {
            log.append(action, details);
        }
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /**
     * Appends one record and syncs it to disk.
     *
     * @param action  what happened, e.g. {@code "token.issue"}, {@code "user.erase"}
     * @param details further members (values Jackson can write); must not hold raw user ids
     * @throws UncheckedIOException when the record cannot be written
     */
    public synchronized void append(String action, Map<String, ?> details) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("seq", seq + 1);
        rec.put("time", Instant.now().toString());
        rec.put("action", action);
        details.forEach((k, v) -> {
            if (!rec.containsKey(k) && !k.equals("prev")) {
                rec.put(k, v);
            }
        });
        rec.put("prev", prev);
        String line;
        try {
            line = JSON.writeValueAsString(rec);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit record of " + action + " cannot be written as JSON", e);
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file, e);
        }
        prev = sha256(line);
        seq++;
    }

    /**
     * The result of checking a log's chain.
     *
     * @param records   lines that checked out (all of them when intact)
     * @param brokenLine the 1-based number of the first broken line, or 0 when intact
     * @param message   what was wrong, or a summary when intact
     * @param lastHash  the SHA-256 of the last good line ({@link #GENESIS} for an empty log)
     */
    public record Verification(long records, long brokenLine, String message, String lastHash) {

        /** Whether every line checked out. */
        public boolean intact() {
            return brokenLine == 0;
        }
    }

    /**
     * Checks a log: every line is a JSON object whose {@code seq} is its line number and whose {@code prev} is
     * the SHA-256 of the previous line (the first: 64 zeros), and the file ends with a newline. A missing file is
     * an intact, empty log.
     *
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static Verification verify(Path file) {
        if (!Files.exists(file)) {
            return new Verification(0, 0, "no audit log yet", GENESIS);
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        String text = new String(all, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        boolean terminated = lines.get(lines.size() - 1).isEmpty();
        if (terminated) {
            lines.remove(lines.size() - 1);
        }
        String prev = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            long n = i + 1;
            String line = lines.get(i);
            if (i == lines.size() - 1 && !terminated) {
                return broken(n, "line " + n + " is incomplete (no newline at the end of the file: an append was "
                        + "cut short)", prev);
            }
            JsonNode rec;
            try {
                rec = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                return broken(n, "line " + n + " is not JSON: " + e.getOriginalMessage(), prev);
            }
            if (rec == null || !rec.isObject()) {
                return broken(n, "line " + n + " is not a JSON object", prev);
            }
            if (!rec.path("seq").canConvertToLong() || rec.path("seq").asLong() != n) {
                return broken(n, "line " + n + ": seq is " + rec.path("seq") + ", expected " + n
                        + " (a line was removed or inserted before it)", prev);
            }
            if (!prev.equals(rec.path("prev").asText())) {
                return broken(n, "line " + n + ": prev does not match the SHA-256 of line " + (n - 1)
                        + " (line " + (n - 1) + " or this line was altered)", prev);
            }
            prev = sha256(line);
        }
        return new Verification(lines.size(), 0, lines.size() + " records, chain intact", prev);
    }

    private static Verification broken(long line, String message, String prev) {
        return new Verification(line - 1, line, message, prev);
    }

    /** The hex SHA-256 of a line's UTF-8 bytes (without its newline). */
    static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit log " + file, e);
        }
    }
}
