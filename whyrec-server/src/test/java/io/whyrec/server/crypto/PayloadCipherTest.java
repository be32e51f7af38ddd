package io.whyrec.server.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AES-GCM sealing of values at rest: round trip, and each way of reading it wrongly gives a clear error. */
class PayloadCipherTest {

    private static final String KEY_A = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String KEY_B = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    private static PayloadCipher cipher(String hex) {
        return new PayloadCipher(LocalKeyProvider.ofHex(hex, "test"));
    }

    @Test
    void roundTripHidesThePlaintextAndUsesAFreshNonce() {
        PayloadCipher c = cipher(KEY_A);
        String plain = "item-Toy Story (1995)|rating|4.5";
        String a = c.seal(plain, "events|u1|e1");
        String b = c.seal(plain, "events|u1|e1");
        assertEquals(plain, c.open(a, "events|u1|e1"));
        assertNotEquals(a, b, "a fresh nonce per value");
        String bytes = new String(Base64.getUrlDecoder().decode(a), StandardCharsets.ISO_8859_1);
        assertFalse(a.contains("Toy") || bytes.contains("Toy Story"));
        assertTrue(bytes.contains(c.keyId()), "the key id is in the header");
        assertEquals(PayloadCipher.VERSION, Base64.getUrlDecoder().decode(a)[0]);
    }

    @Test
    void wrongKeyNamesBothFingerprints() {
        PayloadCipher a = cipher(KEY_A);
        PayloadCipher b = cipher(KEY_B);
        String sealed = a.seal("secret", "events|u1|e1");
        EncryptionException e = assertThrows(EncryptionException.class, () -> b.open(sealed, "events|u1|e1"));
        assertTrue(e.getMessage().contains(a.keyId()) && e.getMessage().contains(b.keyId())
                && e.getMessage().startsWith("events|u1|e1: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aFlippedByteNamesTheRow() {
        PayloadCipher c = cipher(KEY_A);
        byte[] raw = Base64.getUrlDecoder().decode(c.seal("secret", "events|u1|e7"));
        for (int i : new int[] {raw.length - 1, raw.length - 20, 2 + 16 + 3}) {
            byte[] t = raw.clone();
            t[i] ^= 1;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
            EncryptionException e = assertThrows(EncryptionException.class, () -> c.open(tampered, "events|u1|e7"));
            assertTrue(e.getMessage().startsWith("events|u1|e7: ") && e.getMessage().contains("does not authenticate"),
                    e.getMessage());
        }
    }

    @Test
    void aValueCopiedToAnotherRowDoesNotOpen() {
        PayloadCipher c = cipher(KEY_A);
        String forE1 = c.seal("likes horror", "events|u1|e1");
        EncryptionException e = assertThrows(EncryptionException.class, () -> c.open(forE1, "events|u2|e1"));
        assertTrue(e.getMessage().contains("copied from another row"), e.getMessage());
    }

    @Test
    void plaintextAndOtherFormatsAreRefused() {
        PayloadCipher c = cipher(KEY_A);
        assertThrows(EncryptionException.class, () -> c.open("rating 4", "events|u1|e1"));
        byte[] v2 = Base64.getUrlDecoder().decode(c.seal("x", "r"));
        v2[0] = 2;
        EncryptionException e = assertThrows(EncryptionException.class,
                () -> c.open(Base64.getUrlEncoder().withoutPadding().encodeToString(v2), "r"));
        assertTrue(e.getMessage().contains("found version 2"), e.getMessage());
        assertThrows(EncryptionException.class, () -> c.open("AQ", "r"));
    }

    @Test
    void keyFilesAreCheckedAndNamed() throws Exception {
        Path missing = dir.resolve("none.key");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalKeyProvider.fromFile(missing));
        assertTrue(e.getMessage().contains("none.key") && e.getMessage().contains("not found"), e.getMessage());
        Path shortKey = Files.writeString(dir.resolve("short.key"), "abcd\n");
        e = assertThrows(IllegalArgumentException.class, () -> LocalKeyProvider.fromFile(shortKey));
        assertTrue(e.getMessage().startsWith(shortKey.toString()) && e.getMessage().contains("64 hex digits"));
        Path good = Files.writeString(dir.resolve("good.key"), KEY_A + "\n");
        LocalKeyProvider p = LocalKeyProvider.fromFile(good);
        assertEquals(LocalKeyProvider.ofHex(KEY_A, "x").fingerprint(), p.fingerprint());
        assertNotEquals(LocalKeyProvider.ofHex(KEY_B, "x").fingerprint(), p.fingerprint());
        assertFalse(p.toString().contains(KEY_A));
        assertEquals(good.toString(), p.source(), "the source names the file, for the store's errors");
        EncryptionException wrong = assertThrows(EncryptionException.class,
                () -> p.key(LocalKeyProvider.ofHex(KEY_B, "x").fingerprint()));
        assertTrue(wrong.getMessage().contains("(" + good + ")"), wrong.getMessage());
        assertEquals(64, LocalKeyProvider.newKeyHex().length());
        assertNotEquals(LocalKeyProvider.newKeyHex(), LocalKeyProvider.newKeyHex());
    }

    @Test
    void theByteFormIsTheTextFormBeforeItsBase64() {
        PayloadCipher c = cipher(KEY_A);
        byte[] plain = {0, 1, 2, (byte) 0xff, 'T', 'o', 'y'};
        byte[] sealed = c.sealBytes(plain, "events|u1|e1");
        assertEquals(2 + 16 + 12 + plain.length + 16, sealed.length, "header, nonce, ciphertext, tag");
        assertEquals(java.util.List.of((byte) 0, (byte) 1, (byte) 2, (byte) 0xff, (byte) 'T', (byte) 'o', (byte) 'y'),
                toList(c.openBytes(sealed, "events|u1|e1")));
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(c.sealBytes(
                "hello".getBytes(StandardCharsets.UTF_8), "r"));
        assertEquals("hello", c.open(text, "r"), "bytes sealed are text sealed once in Base64");
        assertEquals("hello", new String(c.openBytes(Base64.getUrlDecoder().decode(c.seal("hello", "r")), "r"),
                StandardCharsets.UTF_8));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(EncryptionException.class, () -> c.openBytes(sealed, "events|u1|e1"));
        assertThrows(EncryptionException.class, () -> c.openBytes(new byte[0], "r"));
    }

    @Test
    void theKeyedIndexIsDeterministicPerKeyAndHidesTheValue() {
        PayloadCipher a = cipher(KEY_A);
        String i = a.index("Film-Noir");
        assertEquals(i, cipher(KEY_A).index("Film-Noir"), "equal values, equal indexes: lookups work");
        assertNotEquals(i, a.index("Film-noir"));
        assertNotEquals(i, cipher(KEY_B).index("Film-Noir"), "another key, another index");
        assertTrue(i.matches("[0-9a-f]{64}"), i);
        assertEquals("test", a.source());
    }

    private static java.util.List<Byte> toList(byte[] b) {
        java.util.List<Byte> out = new java.util.ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }
}
