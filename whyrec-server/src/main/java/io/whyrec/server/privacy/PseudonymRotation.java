package io.whyrec.server.privacy;

import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.PseudonymRecord;
import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.server.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves a pseudonymised data directory from one key to another ({@code whyrec pseudonyms rotate}). A keyed
 * pseudonym cannot be turned back into the id it came from, so the rotation is given the platform's raw user ids:
 * each maps to its pseudonym under the old key and under the new one, and every stored pseudonym must be one of
 * them (or already the new one), else nothing is changed and the number left unmapped is reported.
 *
 * <p>The steps, each safe to repeat, so that a rotation cut short by a crash is finished by running it again with
 * the same keys: (1) the directory's {@link PseudonymRecord} notes the rotation ({@code rotating.to}); from then
 * on the server and the commands refuse the directory until it is finished; (2) the store's user ids are renamed in
 * one transaction ({@link Store#renameUsers}) and the user tables rebuilt, so no byte of an old id is left in the
 * database files ({@link Store#rebuildUserTables}); (3) the
 * dataset file is rewritten atomically with the new ids; (4) the record names the new key alone. Ids already
 * renamed are left alone by steps 2 and 3. The server must be stopped while it runs.
 *
 * <p>What it does not rename: the token generations and the audit log name users by a pseudonym of their own
 * (under the token secret, over the stored id), so tokens issued before the rotation name the old id and are
 * refused for the renamed user (issue new ones), and the audit log's past records keep the old names (its hash
 * chain must not be rewritten).
 */
public final class PseudonymRotation {

    private PseudonymRotation() {
    }

    /**
     * What a rotation did.
     *
     * @param rawIds       distinct raw ids given
     * @param renamedStore rows renamed per table of the store (empty when there is no store)
     * @param datasetUsers user ids renamed in the dataset file (0 when there is none)
     * @param resumed      whether it finished a rotation that had begun before
     * @param fingerprint  the new key's fingerprint
     */
    public record Result(int rawIds, Map<String, Integer> renamedStore, int datasetUsers, boolean resumed,
                         String fingerprint) {
    }

    /**
     * Rotates the pseudonyms of a data directory.
     *
     * @param dataDir the data directory (its record, its dataset file)
     * @param store   the directory's store, or null when it has none (never served)
     * @param oldKey  the key the directory's ids are pseudonyms under
     * @param newKey  the key to move to
     * @param rawIds  the platform's user ids (at least every stored user's)
     * @throws IllegalArgumentException when the keys do not fit the directory, or a stored pseudonym is not the
     *                                  old or new pseudonym of any raw id given (nothing is changed then)
     */
    public static Result rotate(Path dataDir, Store store, Pseudonymizer oldKey, Pseudonymizer newKey,
                                Collection<String> rawIds) {
        Optional<PseudonymRecord> read = PseudonymRecord.read(dataDir);
        if (read.isEmpty()) {
            throw new IllegalArgumentException("the user ids of " + dataDir + " are not pseudonymised (no "
                    + PseudonymRecord.FILE + "); there is no key to rotate");
        }
        PseudonymRecord record = read.get();
        if (oldKey.fingerprint().equals(newKey.fingerprint())) {
            throw new IllegalArgumentException("the old and the new key are the same (fingerprint "
                    + oldKey.fingerprint() + ")");
        }
        if (record.fingerprint().equals(newKey.fingerprint()) && record.rotatingTo() == null) {
            throw new IllegalArgumentException("the user ids of " + dataDir + " are already pseudonyms under the new "
                    + "key (fingerprint " + newKey.fingerprint() + "); nothing to rotate");
        }
        if (!record.fingerprint().equals(oldKey.fingerprint())) {
            throw new IllegalArgumentException("--old-key (fingerprint " + oldKey.fingerprint() + ") is not the key "
                    + "of " + dataDir + " (fingerprint " + record.fingerprint() + ")");
        }
        if (record.rotatingTo() != null && !record.rotatingTo().equals(newKey.fingerprint())) {
            throw new IllegalArgumentException("a rotation of " + dataDir + " to another key (fingerprint "
                    + record.rotatingTo() + ") has not finished; finish it with that key first");
        }
        boolean resumed = record.rotatingTo() != null;

        Map<String, String> mapping = new HashMap<>();
        Set<String> renamed = new LinkedHashSet<>();
        for (String raw : rawIds) {
            String to = newKey.pseudonym(raw);
            mapping.put(oldKey.pseudonym(raw), to);
            renamed.add(to);
        }
        Path dataset = dataDir.resolve(DatasetSeed.FILE);
        Set<String> stored = new LinkedHashSet<>();
        if (Files.exists(dataset)) {
            stored.addAll(DatasetFile.read(dataset).dataset().users().ids());
        }
        if (store != null) {
            stored.addAll(store.storedUserIds());
        }
        long unmapped = stored.stream().filter(id -> !mapping.containsKey(id) && !renamed.contains(id)).count();
        if (unmapped > 0) {
            String example = stored.stream().filter(id -> !mapping.containsKey(id) && !renamed.contains(id))
                    .findFirst().orElseThrow();
            throw new IllegalArgumentException(unmapped + " of " + stored.size() + " stored users are not the "
                    + "pseudonym of any id in the list given (e.g. " + example + "); give every user id of the "
                    + "platform; nothing was changed");
        }

        new PseudonymRecord(oldKey.fingerprint(), newKey.fingerprint()).write(dataDir);
        Map<String, Integer> rows = Map.of();
        if (store != null) {
            rows = store.renameUsers(mapping);
            // every user id changed: secure_delete zeroes deleted cells, but index pages that the renaming
            // reorganised can keep old keys in their unallocated space, so the files are rebuilt
            store.rebuildUserTables();
        }
        int datasetUsers = Files.exists(dataset)
                ? DatasetFile.renameUsers(dataset, id -> mapping.getOrDefault(id, id)) : 0;
        PseudonymRecord.of(newKey).write(dataDir);
        return new Result(new LinkedHashSet<>(rawIds).size(), rows, datasetUsers, resumed, newKey.fingerprint());
    }

    /** Opens the store of a data directory for a rotation: the JDBC URL's, else SQLite's when it exists, else null. */
    public static Database openStore(Path dataDir, String jdbcUrl) {
        if (jdbcUrl != null) {
            return Database.open(jdbcUrl, System.getenv("WHYREC_JDBC_USER"), System.getenv("WHYREC_JDBC_PASSWORD"));
        }
        return Files.exists(dataDir.resolve(Database.SQLITE_FILE)) ? Database.openSqlite(dataDir) : null;
    }
}
