package io.whyrec.server.store;

import io.whyrec.api.Item;
import io.whyrec.core.data.DataFormatException;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetStore;
import io.whyrec.core.data.InputRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Seeds an empty store from the dataset {@code whyrec import} wrote into the data directory
 * ({@value #FILE}, read with {@link DatasetStore}), so {@code whyrec import ... --data-dir DIR} followed by
 * {@code whyrec serve --data-dir DIR} serves that data. It runs only when the store holds no event, so it
 * happens once: afterwards the store is the source of truth and the file is not read again. Erasing a user
 * rewrites the file without them ({@link io.whyrec.server.privacy.Erasure}), so an emptied store never seeds an
 * erased user back.
 *
 * <p>Every catalogue item is stored with its title and tags; every event becomes a stored event with the id
 * {@code ds:<n>} (n its index in the dataset), the dataset's user and item ids, time, type and value. For a
 * train/test split only the train part is seeded: the test part is the held-out future that evaluation compares
 * against, so serving it would leak it into every list. Events are written in transactions of
 * {@value #CHUNK} with batched statements.
 */
public final class DatasetSeed {

    /** The dataset file name {@code whyrec import} writes in a data directory. */
    public static final String FILE = "dataset.whyrec";
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
     * @param items  items stored
     * @param events events stored
     */
    public record Seeded(int items, long events) {
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
     * Seeds the store from {@code dataDir/dataset.whyrec} when that file exists and the store has no events.
     *
     * @return what was stored, or null when there was nothing to do
     * @throws io.whyrec.core.data.DataFormatException when the file is not a readable whyrec dataset
     */
    public static Seeded seedIfEmpty(Store store, Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file) || store.countEvents() > 0) {
            return null;
        }
        Dataset data = DatasetStore.read(file).dataset();
        requireValidIds(data, file);
        List<Item> items = new ArrayList<>(data.numItems());
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < data.numItems(); j++) {
            Item it = data.catalog().item(j);
            items.add(new Item(it.id(), it.title(), "", it.tags()));
            ids.add(it.id());
        }
        store.upsertItems(items);
        List<StoredEvent> chunk = new ArrayList<>(CHUNK);
        long stored = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            String user = data.users().id(u);
            for (int e = data.userStart(u); e < data.userEnd(u); e++) {
                chunk.add(new StoredEvent(eventId(e), user, data.catalog().items().id(data.item(e)),
                        data.timestamp(e), data.eventTypes().get(data.eventType(e)), data.value(e), 0));
                if (chunk.size() == CHUNK) {
                    stored += store.insertEvents(chunk, ids).stored().size();
                    chunk.clear();
                }
            }
        }
        if (!chunk.isEmpty()) {
            stored += store.insertEvents(chunk, ids).stored().size();
        }
        return new Seeded(items.size(), stored);
    }
}
