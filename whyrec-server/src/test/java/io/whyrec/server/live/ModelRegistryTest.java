package io.whyrec.server.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Item;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.EaseSpec;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import io.whyrec.server.store.StoredEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry serves model files written by {@code whyrec train}: a file is loaded once and reloaded only when
 * it changes (a retrained model is swapped in by the next refit, under a new version), a file of another
 * catalogue is refused naming the first item that differs, and a fitted model is refitted only when events
 * changed.
 */
class ModelRegistryTest {

    @TempDir
    Path dir;

    private static LiveEngine engine(Database db, int items) {
        LiveEngine engine = new LiveEngine(new Store(db), ProfileModel.Config.DEFAULT);
        List<Item> catalogue = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            catalogue.add(new Item("i" + i, "Film " + i, "", List.of(i % 2 == 0 ? "Drama" : "Comedy")));
        }
        engine.upsertItems(catalogue);
        List<StoredEvent> events = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            for (int k = 0; k < 5; k++) {
                events.add(new StoredEvent("u" + u + "-" + k, "u" + u, "i" + ((u * 3 + k * 5) % items),
                        1_700_000_000L + k, "rating", 5, 0));
            }
        }
        engine.ingest(events);
        return engine;
    }

    private static void save(LiveEngine engine, double lambda, Path file) throws Exception {
        Dataset data = engine.trainingData(engine.catalog());
        Recommender ease = new EaseSpec().fit(data, new EaseConfig(lambda), Progress.NONE);
        ModelFiles.save(ease, file, data.items().ids(), data.fingerprint());
    }

    @Test
    void aModelFileIsReloadedOnlyWhenItChanges() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        try (Database db = Database.openSqlite(dir)) {
            LiveEngine engine = engine(db, 20);
            Path file = models.resolve("ease.model");
            save(engine, 10.0, file);
            ServingConfig serving = ServingConfig.DEFAULT.withModels(List.of("ease", "pop"), "ease")
                    .withModelDir(models);
            ModelRegistry registry = new ModelRegistry(engine, serving);
            registry.buildAll(1, (name, n) -> { });
            ServedModel first = registry.current("ease");
            assertNotNull(first);
            assertEquals(10.0, first.model().params().get("lambda"));
            assertTrue(first.source().endsWith("(trained on the stored events)"), first.source());
            assertSame(first, registry.refit("ease", 1), "an unchanged file is not reloaded");

            save(engine, 20.0, file);
            Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
            ServedModel second = registry.refit("ease", 1);
            assertEquals(first.version() + 1, second.version());
            assertEquals(20.0, second.model().params().get("lambda"), "the retrained file is swapped in");

            ServedModel pop = registry.current("pop");
            assertSame(pop, registry.refit("pop", 1), "no event changed: no refit");
            engine.ingest(List.of(new StoredEvent("new", "u99", "i3", 1_700_000_100L, "rating", 4, 0)));
            assertEquals(pop.version() + 1, registry.refit("pop", 1).version(), "an event changed: refitted");
        }
    }

    @Test
    void aModelFileOfAnotherCatalogueIsRefused() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        try (Database other = Database.openSqlite(Files.createDirectories(dir.resolve("other")))) {
            save(engine(other, 25), 10.0, models.resolve("ease.model"));
        }
        try (Database db = Database.openSqlite(dir)) {
            LiveEngine engine = engine(db, 20);
            ModelRegistry registry = new ModelRegistry(engine, ServingConfig.DEFAULT
                    .withModels(List.of("ease"), "ease").withModelDir(models));
            ModelRegistry.ModelFileException e = assertThrows(ModelRegistry.ModelFileException.class,
                    () -> registry.refit("ease", 1));
            assertTrue(e.getMessage().contains("ease.model") && e.getMessage().contains("25 items")
                    && e.getMessage().contains("20"), e.getMessage());
            registry.buildAll(1, (name, n) -> { });
            assertEquals(null, registry.current("ease"));
            assertTrue(registry.whyNotFitted("ease").contains("another dataset"), registry.whyNotFitted("ease"));
        }
    }
}
