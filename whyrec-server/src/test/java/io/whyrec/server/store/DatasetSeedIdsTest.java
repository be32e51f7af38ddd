package io.whyrec.server.store;

import io.whyrec.core.data.DataFormatException;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dataset written by an importer that let a NUL or a lone surrogate through is refused before seeding. */
class DatasetSeedIdsTest {

    static Dataset dataset(String user, String item, String type) {
        IdIndex items = IdIndex.of(List.of(item));
        return Dataset.fromColumns(IdIndex.of(List.of(user)), ItemCatalog.of(items, Map.of()), List.of(type),
                new int[] {0}, new int[] {0}, new long[] {1}, new float[] {1}, new short[] {0});
    }

    @Test
    void badIdsInAnOldDatasetAreRefusedNamingTheFileAndTheId() {
        Path file = Path.of("data", DatasetSeed.FILE);
        assertDoesNotThrow(() -> DatasetSeed.requireValidIds(dataset("u1", "m1", "rating"), file));
        DataFormatException nul = assertThrows(DataFormatException.class,
                () -> DatasetSeed.requireValidIds(dataset("u\u00001", "m1", "rating"), file));
        assertTrue(nul.getMessage().startsWith(file + ": user id 'u?1': contains the control character U+0000"),
                nul.getMessage());
        DataFormatException surrogate = assertThrows(DataFormatException.class,
                () -> DatasetSeed.requireValidIds(dataset("u1", "m\uD800", "rating"), file));
        assertTrue(surrogate.getMessage().contains("item id"), surrogate.getMessage());
        assertThrows(DataFormatException.class,
                () -> DatasetSeed.requireValidIds(dataset("u1", "m1", "t".repeat(201)), file));
    }
}
