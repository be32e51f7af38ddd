package io.whyrec.server.store;

import io.whyrec.api.Item;
import io.whyrec.api.Progress;
import io.whyrec.core.data.DataFormatException;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.InputRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Seeds an empty store from the dataset {@code whyrec import} wrote into the data directory
 * ({@value #FILE}, read with {@link DatasetFile}), so {@code whyrec import ... --data-dir DIR} followed by
 * {@code whyrec serve --data-dir DIR} serves that data. Once seeding has finished the store is the source of truth
 * and the file is never seeded again. Erasing a user rewrites the file without them
 * ({@link io.whyrec.server.privacy.Erasure}), so even a store started afresh never seeds an erased user back.
 *
 * <p>Every catalogue item is stored with its title and tags; every event becomes a stored event with the id
 * {@code ds:<n>} (n its index in the dataset), the dataset's user and item ids, time, type and value. For a
 * train/test split only the train part is seeded: the test part is the held-out future that evaluation compares
 * against, so serving it would leak it into every list.
 *
 * <p>Seeding survives a kill at any moment: events are stored in transactions of {@value #CHUNK}, and each
 * transaction also records, in the store's {@code seed_state} row, the file's {@link #fingerprint} and the index of
 * the next event to store; the last one marks the seeding complete. A start that finds the seeding incomplete
 * resumes it at that index when the file is the same, and refuses to start, saying why and what to do, when the
 * file changed or is gone: it never serves a partly seeded store. A store seeded before the progress was recorded
 * is adopted: when it holds exactly the first multiple of {@value #CHUNK} events of the file (what an interrupted
 * seeding left) the seeding is resumed, otherwise it is taken as seeded.
 */
public final class DatasetSeed {

    /** The dataset file name {@code whyrec import} writes in a data directory. */
    public static final String FILE = "dataset.whyrec";
    /** The task name of the seeding's progress. */
    public static final String TASK = "seeding";
    /** Events per seeding transaction. */
    public static final int CHUNK = 20_000;

    private DatasetSeed() {
    }

    /**
     * The id of a seeded event: {@code ds:<n>}, n the event's index in the dataset. The command line names the
     * events its explanations cite by the same rule, so both name one event alike.
     */
    public static String eventId(int index) {
        return "ds:" + index;
    }

    /**
     * What seeding did.
     *
     * @param items     items stored
     * @param events    events stored by this start
     * @param resumedAt the index of the first event this start stored: 0 for a seeding from the start, more when
     *                  it finished one that an earlier start began
     * @param total     the file's events
     */
    public record Seeded(int items, long events, long resumedAt, long total) {
    }

    /**
     * The fingerprint a seeding records of its file: {@link Dataset#fingerprint()} (the items and the set of
     * events) combined with a checksum of the events' order, since the ids {@code ds:<n>} a resumed seeding gives
     * depend on it.
     */
    public static long fingerprint(Dataset data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * 1024);
        int[] starts = data.userStartArray();
        int[] items = data.itemArray();
        for (int[] column : new int[][] {java.util.Arrays.copyOf(starts, data.numUsers() + 1),
                java.util.Arrays.copyOf(items, data.numEvents())}) {
            for (int v : column) {
                if (!b.hasRemaining()) {
                    crc.update(b.array(), 0, b.position());
                    b.clear();
                }
                b.putInt(v);
            }
        }
        crc.update(b.array(), 0, b.position());
        return data.fingerprint() ^ (crc.getValue() << 31);
    }

    /**
     * Refuses a dataset written before the importers applied {@link InputRules} that holds an id or event type
     * breaking them (a NUL in a user id kept PostgreSQL from starting the server), before anything is stored.
     *
     * @throws DataFormatException naming the file, the id and the rule, and saying to import again
     */
    static void requireValidIds(Dataset data, Path file) {
        List<List<String>> tables = List.of(data.users().ids(), data.catalog().items().ids(), data.eventTypes());
        String[] what = {"user", "item", "event type"};
        for (int t = 0; t < tables.size(); t++) {
            for (String id : tables.get(t)) {
                String problem = InputRules.idProblem(id);
                if (problem != null) {
                    throw new DataFormatException(file, what[t] + " id '" + id.replaceAll("\\p{Cntrl}", "?")
                            + "': " + problem + "; import the data again with this version, which refuses such rows",
                            null);
                }
            }
        }
    }

    /**
     * Seeds the store from {@code dataDir/dataset.whyrec} when that file exists and the store was never seeded and
     * holds no events, or finishes a seeding that an earlier start began (see the class comment).
     *
     * @param progress told the events stored so far and the file's total after each transaction
     * @return what was stored, or null when there was nothing to do
     * @throws io.whyrec.core.data.DataFormatException when the file is not a readable whyrec dataset
     * @throws StoreException when an incomplete seeding cannot be finished: the file changed or is gone
     */
    public static Seeded seedIfEmpty(Store store, Path dataDir, Progress progress) {
        Path file = dataDir.resolve(FILE);
        Optional<Store.SeedState> state = store.seedState();
        if (state.isPresent() && state.get().complete()) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            if (state.isPresent()) {
                throw new StoreException(interrupted(state.get(), file) + ", and the file is gone: put it back "
                        + "so that the seeding can finish, or start from an empty store", null);
            }
            return null;
        }
        if (state.isEmpty() && store.countEvents() == 0) {
            return seed(store, file, readValid(file), 0, progress);
        }
        Dataset data = readValid(file);
        long fingerprint = fingerprint(data);
        if (state.isPresent()) {
            Store.SeedState s = state.get();
            if (s.fingerprint() != fingerprint || s.total() != data.numEvents()) {
                throw new StoreException(interrupted(s, file) + ", and the file has changed since (it now holds "
                        + data.numEvents() + " events): put back the file it was seeding, or start from an empty "
                        + "store (remove " + Database.SQLITE_FILE + ", or the PostgreSQL schema) to seed the new one",
                        null);
            }
            return seed(store, file, data, s.nextEvent(), progress);
        }
        // events but no recorded state: a store of an earlier version, seeded (perhaps partly) or filled by the API
        long seeded = store.countEventsWithPrefix("ds:");
        if (seeded > 0 && seeded < data.numEvents() && seeded % CHUNK == 0 && store.hasEvent(eventId((int) seeded - 1))
                && !store.hasEvent(eventId((int) seeded))) {
            // exactly the first chunks of the file: what a seeding killed by an earlier version left
            return seed(store, file, data, seeded, progress);
        }
        store.recordSeedState(new Store.SeedState(fingerprint, data.numEvents(), data.numEvents(), true));
        return null;
    }

    /** Seeds without reporting progress. */
    public static Seeded seedIfEmpty(Store store, Path dataDir) {
        return seedIfEmpty(store, dataDir, Progress.NONE);
    }

    private static String interrupted(Store.SeedState s, Path file) {
        return "the store holds an interrupted seeding from " + file + " (" + s.nextEvent() + " of " + s.total()
                + " events stored)";
    }

    private static Dataset readValid(Path file) {
        Dataset data = DatasetFile.read(file).dataset();
        requireValidIds(data, file);
        return data;
    }

    /** Stores the items and the events from index {@code from} on, chunk by chunk, recording the progress. */
    private static Seeded seed(Store store, Path file, Dataset data, long from, Progress progress) {
        long fingerprint = fingerprint(data);
        List<Item> items = new ArrayList<>(data.numItems());
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < data.numItems(); j++) {
            Item it = data.catalog().item(j);
            items.add(new Item(it.id(), it.title(), "", it.tags()));
            ids.add(it.id());
        }
        // idempotent: a resumed seeding stores the same titles and tags again
        store.upsertItems(items);
        int total = data.numEvents();
        List<StoredEvent> chunk = new ArrayList<>(CHUNK);
        long stored = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            if (data.userEnd(u) <= from) {
                continue;
            }
            String user = data.users().id(u);
            for (int e = Math.max(data.userStart(u), (int) from); e < data.userEnd(u); e++) {
                chunk.add(new StoredEvent(eventId(e), user, data.catalog().items().id(data.item(e)),
                        data.timestamp(e), data.eventTypes().get(data.eventType(e)), data.value(e), 0));
                if (chunk.size() == CHUNK || e + 1 == total) {
                    stored += store.seedChunk(chunk, ids, new Store.SeedState(fingerprint, total, e + 1,
                            e + 1 == total)).stored().size();
                    chunk.clear();
                    progress.update(TASK, e + 1, total);
                }
            }
        }
        if (from >= total) {
            // no event to store (an empty file): no chunk marked the seeding complete
            store.recordSeedState(new Store.SeedState(fingerprint, total, total, true));
        }
        return new Seeded(items.size(), stored, from, total);
    }
}
