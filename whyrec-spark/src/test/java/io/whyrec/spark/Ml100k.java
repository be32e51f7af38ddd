package io.whyrec.spark;

import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** ML-100K's official ua split with u.item's genres, from the shared data (the test is skipped without it). */
final class Ml100k {

    private Ml100k() {
    }

    /** The ML-100K folder, or a skipped test naming where it was looked for. */
    static Path dir() {
        Path dir = Path.of(System.getProperty("whyrec.shared.data", "../shared/data")).resolve("ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("ua.base")),
                "ML-100K not found at " + dir.toAbsolutePath() + " (set -Dwhyrec.shared.data)");
        return dir;
    }

    /** ua.base / ua.test imported with whyrec-core's importer, with u.item's genres as facets. */
    static Split uaSplit() {
        Path dir = dir();
        return Importer.importData(ImportRequest.of(ImportFormat.ML100K, dir.resolve("ua.base"))
                .withTest(dir.resolve("ua.test")).withItems(dir.resolve("u.item"))).split();
    }
}
