package io.whyrec.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.core.data.InputRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizerTest {

    private static final String KEY_A = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String KEY_B = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    /**
     * RFC 4231 test case 6: key = 131 bytes of 0xaa, data = "Test Using Larger Than Block-Size Key - Hash Key
     * First", HMAC-SHA256 = 60e431591ee0b67f0d8a26aacbf5b77f 8e0bc6213728c5140546040f0ee37f54; the pseudonym is
     * "p_" and the first 16 bytes of it.
     */
    @Test
    void pseudonymIsTheFirstSixteenBytesOfHmacSha256() {
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);
        Pseudonymizer p = Pseudonymizer.of(key);
        assertEquals("p_60e431591ee0b67f0d8a26aacbf5b77f",
                p.pseudonym("Test Using Larger Than Block-Size Key - Hash Key First"));
    }

    @Test
    void stablePerKeyDistinctAcrossKeysAndIdsAndValidIds() {
        Pseudonymizer a = Pseudonymizer.ofHex(KEY_A, "test");
        Pseudonymizer a2 = Pseudonymizer.ofHex("  " + KEY_A.toUpperCase() + "\n", "test");
        Pseudonymizer b = Pseudonymizer.ofHex(KEY_B, "test");
        assertEquals(a.pseudonym("member-000943-x7"), a2.pseudonym("member-000943-x7"));
        assertEquals(a.fingerprint(), a2.fingerprint());
        assertNotEquals(a.pseudonym("member-000943-x7"), b.pseudonym("member-000943-x7"));
        assertNotEquals(a.fingerprint(), b.fingerprint());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String p = a.pseudonym(Integer.toString(i));
            assertTrue(seen.add(p), "distinct pseudonyms");
            assertTrue(Pseudonymizer.looksLikePseudonym(p), p);
            assertNull(InputRules.idProblem(p), p);
            assertEquals(34, p.length());
        }
        // ids beyond ASCII hash their UTF-8 bytes
        assertNull(InputRules.idProblem(a.pseudonym("用户-😀")));
        assertFalse(Pseudonymizer.looksLikePseudonym("p_" + "g".repeat(32)));
        assertFalse(Pseudonymizer.looksLikePseudonym("member-000943-x7"));
    }

    @Test
    void safeFromManyThreads() {
        Pseudonymizer a = Pseudonymizer.ofHex(KEY_A, "test");
        ConcurrentHashMap<Integer, String> out = new ConcurrentHashMap<>();
        IntStream.range(0, 20_000).parallel().forEach(i -> out.put(i, a.pseudonym("u" + (i % 100))));
        for (int i = 0; i < 20_000; i++) {
            assertEquals(a.pseudonym("u" + (i % 100)), out.get(i));
        }
    }

    @Test
    void theKeyIsNeverShownAndTheFingerprintIsNotTheKey() {
        Pseudonymizer a = Pseudonymizer.ofHex(KEY_A, "test");
        assertFalse(a.toString().contains(KEY_A.substring(0, 16)), a.toString());
        assertTrue(a.toString().contains(a.fingerprint()));
        assertEquals(16, a.fingerprint().length());
        assertFalse(KEY_A.contains(a.fingerprint()));
    }

    @Test
    void badKeysAreRefusedNamingWhere() throws Exception {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> Pseudonymizer.ofHex("00112233", "k.hex"));
        assertTrue(shortKey.getMessage().startsWith("k.hex: pseudonym key of 4 bytes; at least 32"),
                shortKey.getMessage());
        IllegalArgumentException notHex = assertThrows(IllegalArgumentException.class,
                () -> Pseudonymizer.ofHex("this is a passphrase, not hex", Pseudonymizer.ENV));
        assertTrue(notHex.getMessage().startsWith(Pseudonymizer.ENV + ": the pseudonym key must be hex"),
                notHex.getMessage());
        Path missing = dir.resolve("none.key");
        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
                () -> Pseudonymizer.fromFile(missing));
        assertEquals(missing + ": pseudonym key file not found", gone.getMessage());
        Path file = dir.resolve("p.key");
        Files.writeString(file, KEY_B + "\n", StandardCharsets.US_ASCII);
        assertEquals(Pseudonymizer.ofHex(KEY_B, "x").fingerprint(), Pseudonymizer.fromFile(file).fingerprint());
        assertEquals(Pseudonymizer.ofHex(KEY_B, "x").fingerprint(), Pseudonymizer.resolve(file).fingerprint());
    }

    @Test
    void newKeysAreRandomAndLongEnough() {
        String k1 = Pseudonymizer.newKeyHex();
        String k2 = Pseudonymizer.newKeyHex();
        assertEquals(2 * Pseudonymizer.MIN_KEY_BYTES, k1.length());
        assertEquals(Pseudonymizer.MIN_KEY_BYTES, HexFormat.of().parseHex(k1).length);
        assertNotEquals(k1, k2);
    }
}
