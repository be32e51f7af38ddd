package io.whyrec.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the seed input of every importer fuzz target ({@link ImporterFuzzTest#TARGETS}) as
 * {@code <dir>/<target>/seed}, and one per target for {@code allImporters}: the Jazzer inputs folder of the regression run, and the starting corpus of
 * {@code scripts/fuzz.sh}.
 */
final class FuzzSeeds {

    private FuzzSeeds() {
    }

    /**
     * Writes the seeds.
     *
     * @param args one argument, the folder to write under
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (String target : ImporterFuzzTest.TARGETS.keySet()) {
            Files.createDirectories(dir.resolve(target));
            Files.write(dir.resolve(target).resolve("seed"), ImporterFuzzTest.seedInput(target));
        }
        // allImporters: the file, then one byte naming the target (FuzzedDataProvider reads integers from the end)
        Files.createDirectories(dir.resolve("allImporters"));
        for (int k = 0; k < ImporterFuzzTest.ORDER.size(); k++) {
            byte[] file = ImporterFuzzTest.seedInput(ImporterFuzzTest.ORDER.get(k));
            byte[] seed = java.util.Arrays.copyOf(file, file.length + 1);
            seed[file.length] = (byte) k;
            Files.write(dir.resolve("allImporters").resolve("seed-" + ImporterFuzzTest.ORDER.get(k)), seed);
        }
    }
}
