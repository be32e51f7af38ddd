package io.whyrec.core.data;

import io.whyrec.core.files.AtomicFiles;
import io.whyrec.core.privacy.Pseudonymizer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The note a pseudonymised data directory keeps ({@value #FILE}): that its user ids are keyed pseudonyms
 * ({@link Pseudonymizer}), under which key by its fingerprint (never the key), and, while a key rotation is under
 * way, the fingerprint of the new key. Every command that reads or writes user ids of the directory checks it: a
 * directory with the note needs the matching key, and a directory in the middle of a rotation is refused until the
 * rotation is run to its end.
 *
 * <p>The file is written to a temporary file that is synced and renamed over the old one, and the folder synced,
 * as {@link DatasetFile} writes.
 *
 * @param fingerprint the fingerprint of the key the stored ids are pseudonyms under
 * @param rotatingTo  the fingerprint of the key a rotation that has not finished moves to, or null
 */
public record PseudonymRecord(String fingerprint, String rotatingTo) {

    /** The file name inside the data directory. */
    public static final String FILE = "pseudonyms.properties";

    /** The one scheme written: {@code p_} + hex of the first 16 bytes of HMAC-SHA256. */
    public static final String SCHEME = "hmac-sha256-128";

    /** Checks the fingerprint. */
    public PseudonymRecord {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("a pseudonym record needs the key fingerprint");
        }
    }

    /** The record of a directory whose ids are pseudonyms under this key. */
    public static PseudonymRecord of(Pseudonymizer key) {
        return new PseudonymRecord(key.fingerprint(), null);
    }

    /**
     * The record of a data directory, or empty when the directory is not pseudonymised.
     *
     * @throws DataFormatException naming the file when it cannot be read or is not a record of this scheme
     */
    public static Optional<PseudonymRecord> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new DataFormatException(file, "cannot read the pseudonym record: " + e.getMessage(), e);
        }
        if (!SCHEME.equals(p.getProperty("scheme"))) {
            throw new DataFormatException(file, "unknown pseudonym scheme '" + p.getProperty("scheme")
                    + "' (this whyrec writes " + SCHEME + ")", null);
        }
        String fp = p.getProperty("key.fingerprint");
        if (fp == null || fp.isBlank()) {
            throw new DataFormatException(file, "no key.fingerprint", null);
        }
        String to = p.getProperty("rotating.to");
        return Optional.of(new PseudonymRecord(fp.strip(), to == null || to.isBlank() ? null : to.strip()));
    }

    /** Writes the record into a data directory atomically. */
    public void write(Path dataDir) {
        StringBuilder sb = new StringBuilder();
        sb.append("# whyrec: the user ids of this data directory are keyed pseudonyms (see docs/privacy.md).\n");
        sb.append("# The key is not stored here; this is its fingerprint.\n");
        sb.append("scheme=").append(SCHEME).append('\n');
        sb.append("key.fingerprint=").append(fingerprint).append('\n');
        if (rotatingTo != null) {
            sb.append("# a key rotation began and has not finished: run 'whyrec pseudonyms rotate' again\n");
            sb.append("rotating.to=").append(rotatingTo).append('\n');
        }
        Path target = dataDir.toAbsolutePath().resolve(FILE);
        try {
            AtomicFiles.write(target, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DataFormatException(target, "cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * The key to look a directory's user ids up with: null when the directory is not pseudonymised (its ids are
     * stored as given), else the key of {@code keyFile} or of {@value Pseudonymizer#ENV}, checked against the
     * directory's record.
     *
     * @param dataDir the data directory
     * @param keyFile the key file given, or null for the environment variable
     * @param option  how the user gives a key, for the messages (e.g. "--pseudonym-key FILE")
     * @throws IllegalArgumentException when the directory is pseudonymised and no key, or another key, is given,
     *                                  when a rotation has not finished, or when a key file is given for a
     *                                  directory that is not pseudonymised
     */
    public static Pseudonymizer keyFor(Path dataDir, Path keyFile, String option) {
        Optional<PseudonymRecord> record = read(dataDir);
        if (record.isEmpty()) {
            if (keyFile != null) {
                throw new IllegalArgumentException(option.split(" ")[0] + " " + keyFile + " was given, but the user "
                        + "ids of " + dataDir + " are not pseudonymised (no " + FILE + "); import with "
                        + "--pseudonymize to pseudonymise them, or give no key");
            }
            return null;
        }
        return record.get().check(dataDir, Pseudonymizer.resolve(keyFile), option);
    }

    /**
     * Prepares a data directory for an import (before the dataset is written): with a key, checks that the
     * directory is not pseudonymised under another key and records this one; without a key, checks that the
     * directory is not pseudonymised (an import of raw ids into it would mix raw ids and pseudonyms).
     *
     * @param dataDir the folder the dataset file goes to
     * @param key     the key of {@code --pseudonymize}, or null
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    public static void prepareImport(Path dataDir, Pseudonymizer key) {
        Optional<PseudonymRecord> record = read(dataDir);
        if (record.isPresent() && record.get().rotatingTo() != null) {
            record.get().check(dataDir, key, "--pseudonym-key FILE");
        }
        if (key == null) {
            if (record.isPresent()) {
                throw new IllegalArgumentException("the user ids of " + dataDir + " are pseudonymised (key "
                        + "fingerprint " + record.get().fingerprint() + "); import into it with --pseudonymize "
                        + "and its key, or into another directory");
            }
            return;
        }
        if (record.isPresent() && !record.get().fingerprint().equals(key.fingerprint())) {
            throw new IllegalArgumentException("the user ids of " + dataDir + " are pseudonyms under another key "
                    + "(fingerprint " + record.get().fingerprint() + ", given " + key.fingerprint() + "); use its "
                    + "key, or move the directory to the new key with 'whyrec pseudonyms rotate'");
        }
        if (record.isEmpty()) {
            of(key).write(dataDir);
        }
    }

    /**
     * Checks that a key is this record's and that no rotation is under way.
     *
     * @return the key
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    public Pseudonymizer check(Path dataDir, Pseudonymizer key, String option) {
        if (rotatingTo != null) {
            throw new IllegalArgumentException(dataDir + ": a pseudonym key rotation (key " + fingerprint + " to "
                    + rotatingTo + ") has not finished; run 'whyrec pseudonyms rotate' with the same keys again to "
                    + "finish it");
        }
        if (key == null) {
            throw new IllegalArgumentException("the user ids of " + dataDir + " are pseudonymised (key fingerprint "
                    + fingerprint + "); give the key with " + option + " or the " + Pseudonymizer.ENV
                    + " environment variable");
        }
        if (!key.fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("the pseudonym key given (fingerprint " + key.fingerprint()
                    + ") is not the key of " + dataDir + " (fingerprint " + fingerprint + ")");
        }
        return key;
    }
}
