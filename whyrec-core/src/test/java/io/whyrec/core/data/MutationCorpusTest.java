package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports a 2,000-file corpus of mutated import files ({@link MutationCorpus}, seed {@value #SEED}), each in strict
 * and in skip-bad mode. Every failure must be a {@link DataFormatException} naming a file of the case, with the
 * line for every row error; skip-bad must never abort on a row error; and an accepted file must hold nothing that
 * breaks {@link InputRules} or the rating scale ({@link ImportedData}). The counts are printed.
 */
class MutationCorpusTest {

    static final long SEED = 20261202L;
    static final int FILES = 2_000;

    @TempDir
    Path root;

    @Test
    void hostileFilesAreRefusedWithFileAndLineAndNothingBadIsAccepted() throws IOException {
        List<MutationCorpus.Case> cases = MutationCorpus.write(root, FILES, SEED);
        List<String> crashes = new ArrayList<>();
        List<String> garbage = new ArrayList<>();
        List<String> skipAborts = new ArrayList<>();
        int accepted = 0;
        int rowErrors = 0;
        int fileErrors = 0;
        int skipBadImported = 0;
        int skipBadFileErrors = 0;
        Map<String, Long> skippedByReason = new TreeMap<>();
        for (MutationCorpus.Case c : cases) {
            String label = "case " + c.number() + " (" + c.seed().name() + ", " + c.target() + ", " + c.mutations()
                    + ")";
            ImportFormat format = c.request().format() == ImportFormat.AUTO ? null : c.request().format();
            try {
                ImportResult r = Importer.importData(c.request());
                accepted++;
                List<String> p = ImportedData.problems(r, c.request().ratingScale(format == null
                        ? Importer.detect(c.request().interactions()) : format));
                if (!p.isEmpty()) {
                    garbage.add(label + ": " + p);
                }
            } catch (DataFormatException e) {
                if (!locatedInCase(e, c)) {
                    crashes.add(label + ": no file of the case in: " + e.getMessage());
                } else if (e.line() > 0) {
                    rowErrors++;
                } else {
                    fileErrors++;
                }
            } catch (RuntimeException e) {
                crashes.add(label + ": " + e);
            }
            try {
                ImportResult r = Importer.importData(c.request().withSkipBad(true));
                skipBadImported++;
                r.report().skipped().forEach((reason, s) -> skippedByReason.merge(reason, s.count(), Long::sum));
                List<String> p = ImportedData.problems(r, c.request().ratingScale(format == null
                        ? Importer.detect(c.request().interactions()) : format));
                if (!p.isEmpty()) {
                    garbage.add(label + " (skip-bad): " + p);
                }
            } catch (DataFormatException e) {
                if (!locatedInCase(e, c)) {
                    crashes.add(label + " (skip-bad): no file of the case in: " + e.getMessage());
                } else if (e.line() > 0 && !wholeFileReason(e)) {
                    skipAborts.add(label + ": " + e.getMessage());
                } else {
                    skipBadFileErrors++;
                }
            } catch (RuntimeException e) {
                crashes.add(label + " (skip-bad): " + e);
            }
        }
        System.out.printf("mutation corpus seed %d: %d files; strict: %d accepted, %d refused at file:line, "
                        + "%d refused as a whole file, %d crashes without file:line, %d garbage accepted; "
                        + "skip-bad: %d imported, %d whole-file errors, %d aborted on a row; skipped rows by "
                        + "reason %s%n", SEED, cases.size(), accepted, rowErrors, fileErrors, crashes.size(),
                garbage.size(), skipBadImported, skipBadFileErrors, skipAborts.size(), skippedByReason);
        assertEquals(List.of(), crashes, "crashes without a file:line");
        assertEquals(List.of(), garbage, "garbage accepted");
        assertEquals(List.of(), skipAborts, "skip-bad aborted on a row error");
        assertEquals(FILES, cases.size());
        // the corpus is hostile enough to be refused mostly, and mild enough that some files pass
        assertTrue(rowErrors > FILES / 2, "row errors " + rowErrors);
        assertTrue(accepted > 20, "accepted " + accepted);
    }

    @Test
    void theCorpusIsTheSameForTheSameSeed() throws IOException {
        List<MutationCorpus.Case> a = MutationCorpus.write(root.resolve("a"), 50, SEED);
        List<MutationCorpus.Case> b = MutationCorpus.write(root.resolve("b"), 50, SEED);
        for (int k = 0; k < a.size(); k++) {
            assertEquals(a.get(k).mutations(), b.get(k).mutations());
            assertEquals(a.get(k).target(), b.get(k).target());
            byte[] x = java.nio.file.Files.readAllBytes(a.get(k).dir().resolve(a.get(k).target()));
            byte[] y = java.nio.file.Files.readAllBytes(b.get(k).dir().resolve(b.get(k).target()));
            assertTrue(java.util.Arrays.equals(x, y), "case " + k);
        }
    }

    /** Whether the error names one of the case's files, as the message's leading location. */
    private static boolean locatedInCase(DataFormatException e, MutationCorpus.Case c) {
        return e.file() != null && e.file().toAbsolutePath().startsWith(c.dir().toAbsolutePath())
                && e.getMessage().startsWith(e.file().toString());
    }

    /** Errors about a header or the file's format, which no skipping can mend. */
    private static boolean wholeFileReason(DataFormatException e) {
        String r = e.reason();
        return r.contains("header") || r.startsWith("cannot tell") || r.startsWith("--columns");
    }
}
