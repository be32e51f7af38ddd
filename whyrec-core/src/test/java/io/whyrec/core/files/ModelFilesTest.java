package io.whyrec.core.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.EaseConfig;
import io.whyrec.core.model.Ials;
import io.whyrec.core.model.IalsConfig;
import io.whyrec.core.model.ItemKnn;
import io.whyrec.core.model.ItemKnnConfig;
import io.whyrec.core.model.Models;
import io.whyrec.core.model.Popularity;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @TempDir
    Path dir;

    private static BinaryMatrix data() {
        SplittableRandom random = new SplittableRandom(1);
        int[][] rows = new int[60][];
        for (int u = 0; u < rows.length; u++) {
            rows[u] = random.ints(6, 0, 25).toArray();
        }
        return BinaryMatrix.of(25, rows);
    }

    private static History[] histories(BinaryMatrix x) {
        History[] h = new History[x.numUsers()];
        for (int u = 0; u < h.length; u++) {
            List<WeightedEvent> events = new java.util.ArrayList<>();
            for (int i : x.row(u)) {
                events.add(WeightedEvent.unit(i, events.size()));
            }
            h[u] = new History(u, events);
        }
        return h;
    }

    private static History history() {
        return new History(0, List.of(WeightedEvent.unit(3, 0), WeightedEvent.unit(7, 1).withWeight(0.25),
                WeightedEvent.unit(11, 2).withWeight(2.0)));
    }

    private static double[] scores(Recommender model) {
        double[] s = new double[model.numItems()];
        model.score(history(), s);
        return s;
    }

    @Test
    void roundTripsGiveIdenticalScores() throws IOException {
        for (Recommender model : List.of(Popularity.fit(data()),
                ItemKnn.fit(data(), new ItemKnnConfig(5, 2.0), Progress.NONE),
                Ease.fit(data(), new EaseConfig(3.0), Progress.NONE),
                Ials.fit(25, histories(data()), new IalsConfig(4, 1.0, 2.0), 1, Progress.NONE, null))) {
            Path file = dir.resolve(model.name() + ".whyrec");
            ModelFiles.save(model, file);
            Recommender loaded = Models.load(file);
            assertEquals(model.getClass(), loaded.getClass());
            assertEquals(model.name(), loaded.name());
            assertEquals(model.params(), loaded.params());
            assertArrayEquals(scores(model), scores(loaded), 0.0, model.name());
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "temporary file left behind");
            }
        }
    }

    private Path savedEase() throws IOException {
        Path file = dir.resolve("ease.whyrec");
        ModelFiles.save(Ease.fit(data(), new EaseConfig(3.0), Progress.NONE), file);
        return file;
    }

    private static String loadError(Path file) {
        return assertThrows(ModelFormatException.class, () -> Models.load(file)).getMessage();
    }

    @Test
    void rejectsAFileThatIsNotAModel() throws IOException {
        Path file = dir.resolve("ratings.csv");
        Files.writeString(file, "user,item\n1,2\n");
        String message = loadError(file);
        assertTrue(message.startsWith(file.toString()) && message.contains("not a whyrec model file"), message);
        Files.write(file, new byte[3]);
        assertTrue(loadError(file).contains("not a whyrec model file"));
    }

    @Test
    void rejectsANewerFormatVersion() throws IOException {
        Path file = savedEase();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(8, ModelFiles.FORMAT_VERSION + 1);
        Files.write(file, bytes);
        String message = loadError(file);
        assertTrue(message.contains("unsupported model format version " + (ModelFiles.FORMAT_VERSION + 1))
                && message.contains("newer"), message);
    }

    @Test
    void rejectsACorruptFile() throws IOException {
        Path file = savedEase();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        String message = loadError(file);
        assertTrue(message.startsWith(file.toString()) && message.contains("checksum mismatch"), message);
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        Path file = savedEase();
        byte[] bytes = Files.readAllBytes(file);
        for (int keep : new int[] {10, 20, bytes.length / 2, bytes.length - 1}) {
            Files.write(file, Arrays.copyOf(bytes, keep));
            String message = loadError(file);
            assertTrue(message.startsWith(file.toString()) && message.contains("truncated"), keep + ": " + message);
        }
    }

    /** A model of a kind no reader is registered for (until the test registers one). */
    private static final class Constant implements PersistentModel {
        @Override
        public String name() {
            return "constant-test";
        }

        @Override
        public Map<String, Object> params() {
            return Map.of("value", 2.5);
        }

        @Override
        public int numItems() {
            return 2;
        }

        @Override
        public void score(History history, double[] out) {
            Arrays.fill(out, 2.5);
        }

        @Override
        public void writePayload(DataOutput out) throws IOException {
            out.writeInt(2);
        }
    }

    @Test
    void rejectsAnUnknownKindUntilAReaderIsRegistered() throws IOException {
        Path file = dir.resolve("constant.whyrec");
        ModelFiles.save(new Constant(), file);
        String message = loadError(file);
        assertTrue(message.contains("unknown model kind 'constant-test'") && message.contains("ease"), message);
        // the store reads any kind it is given a reader for; the registry gives its specs' readers
        ModelReader constant = (params, in) -> {
            assertEquals(2, in.readInt());
            assertEquals(2.5, ((Number) params.get("value")).doubleValue());
            return new Constant();
        };
        assertEquals("constant-test", ModelFiles.read(file,
                kind -> kind.equals("constant-test") ? java.util.Optional.of(constant) : java.util.Optional.empty(),
                List.of("constant-test")).model().name());
    }

    @Test
    void refusesModelsWithoutThePersistenceRole() {
        Recommender plain = new Recommender() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public Map<String, Object> params() {
                return Map.of();
            }

            @Override
            public int numItems() {
                return 1;
            }

            @Override
            public void score(History history, double[] out) {
                out[0] = 1;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(plain, dir.resolve("x")));
    }

    private static List<String> ids(int n, String prefix) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /**
     * A file records its training data's item-id table and fingerprint; a reader checks the table against the
     * data it scores and names the first item that differs.
     */
    @Test
    void recordsTheItemTableAndRefusesAnotherCatalogue() throws IOException {
        Recommender model = Ease.fit(data(), new EaseConfig(3.0), Progress.NONE);
        Path file = dir.resolve("ease.whyrec");
        ModelFiles.save(model, file, ids(25, "i"), 0x1234_5678_9abcL);
        ModelFiles.ModelFile read = Models.read(file);
        assertEquals(ids(25, "i"), read.itemIds());
        assertEquals(0x1234_5678_9abcL, read.fingerprint());
        assertArrayEquals(scores(model), scores(read.model()), 0.0);
        read.requireItems(file, ids(25, "i"));
        List<String> swapped = new java.util.ArrayList<>(ids(25, "i"));
        swapped.set(7, "other");
        String m1 = assertThrows(ModelFormatException.class, () -> read.requireItems(file, swapped)).getMessage();
        assertTrue(m1.startsWith(file.toString()) && m1.contains("item 7") && m1.contains("'other'"), m1);
        String m2 = assertThrows(ModelFormatException.class, () -> read.requireItems(file, ids(30, "i"))).getMessage();
        assertTrue(m2.contains("25 items") && m2.contains("30"), m2);
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, file, ids(3, "i"), 0));
    }

    /** A version 1 file (before item tables) is still read, with no table and fingerprint 0. */
    @Test
    void readsVersionOneFiles() throws IOException {
        Recommender model = Ease.fit(data(), new EaseConfig(3.0), Progress.NONE);
        Path file = dir.resolve("v2.whyrec");
        ModelFiles.save(model, file);
        byte[] v2 = Files.readAllBytes(file);
        // version 2 without a table: magic 8, version 4, kind (2+n), params (4+n), then count 0 (4) + fingerprint (8)
        ByteBuffer b = ByteBuffer.wrap(v2);
        int kindLength = b.getShort(12) & 0xffff;
        int paramsAt = 14 + kindLength;
        int paramsLength = b.getInt(paramsAt);
        int tableAt = paramsAt + 4 + paramsLength;
        java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
        v1.write(v2, 0, tableAt);
        v1.write(v2, tableAt + 12, v2.length - 4 - tableAt - 12);
        byte[] body = v1.toByteArray();
        ByteBuffer.wrap(body).putInt(8, 1);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body, 0, body.length);
        Path old = dir.resolve("v1.whyrec");
        Files.write(old, body);
        Files.write(old, ByteBuffer.allocate(4).putInt((int) crc.getValue()).array(),
                java.nio.file.StandardOpenOption.APPEND);
        ModelFiles.ModelFile read = Models.read(old);
        assertEquals(List.of(), read.itemIds());
        assertEquals(0L, read.fingerprint());
        assertArrayEquals(scores(model), scores(read.model()), 0.0);
        String m = assertThrows(ModelFormatException.class, () -> read.requireItems(old, ids(24, "i"))).getMessage();
        assertTrue(m.contains("25 items"), m);
    }
}
