package io.whyrec.server.privacy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log's hash chain: appends continue it across reopenings, and each kind of tampering is named. */
class AuditLogTest {

    @TempDir
    Path dir;

    private List<String> writeThree() {
        try (AuditLog log = AuditLog.open(dir)) {
            log.append("token.issue", Map.of("user", "hmac-sha256:aa"));
            log.append("user.erase", Map.of("user", "hmac-sha256:aa"));
        }
        try (AuditLog log = AuditLog.open(dir)) {
            log.append("models.refit", Map.of("model", "ease"));
        }
        try {
            return new ArrayList<>(Files.readAllLines(dir.resolve(AuditLog.FILE)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private AuditLog.Verification rewrite(List<String> lines) throws Exception {
        Files.writeString(dir.resolve(AuditLog.FILE), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return AuditLog.verify(dir.resolve(AuditLog.FILE));
    }

    @Test
    void theChainLinksEveryLineToThePreviousAcrossReopenings() {
        List<String> lines = writeThree();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).contains("\"prev\":\"" + AuditLog.GENESIS + "\""), lines.get(0));
        // line 3 was appended after a reopening and still carries the hash of line 2
        assertTrue(lines.get(2).contains("\"prev\":\"" + AuditLog.sha256(lines.get(1)) + "\""), lines.get(2));
        assertTrue(lines.get(2).startsWith("{\"seq\":3,"), lines.get(2));
        AuditLog.Verification v = AuditLog.verify(dir.resolve(AuditLog.FILE));
        assertTrue(v.intact(), v.message());
        assertEquals(3, v.records());
    }

    @Test
    void anAlteredLineIsFoundAtTheLineAfterIt() throws Exception {
        List<String> lines = writeThree();
        lines.set(1, lines.get(1).replace("user.erase", "user.esare"));
        AuditLog.Verification v = rewrite(lines);
        assertFalse(v.intact());
        assertEquals(3, v.brokenLine(), v.message());
        assertTrue(v.message().contains("line 2 or this line was altered"), v.message());
    }

    @Test
    void aRemovedLineBreaksTheSequence() throws Exception {
        List<String> lines = writeThree();
        lines.remove(0);
        AuditLog.Verification v = rewrite(lines);
        assertEquals(1, v.brokenLine(), v.message());
        assertTrue(v.message().contains("seq is 2, expected 1"), v.message());
    }

    @Test
    void aCutShortAppendAndGarbageAreNamed() throws Exception {
        List<String> lines = writeThree();
        Path file = dir.resolve(AuditLog.FILE);
        Files.writeString(file, String.join("\n", lines) + "\n{\"seq\":4,", StandardCharsets.UTF_8);
        AuditLog.Verification cut = AuditLog.verify(file);
        assertEquals(4, cut.brokenLine(), cut.message());
        assertTrue(cut.message().contains("incomplete"), cut.message());
        lines.set(2, "not json");
        assertEquals(3, rewrite(lines).brokenLine());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AuditLog.open(dir));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }
}
