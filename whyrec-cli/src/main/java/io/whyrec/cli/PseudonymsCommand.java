package io.whyrec.cli;

import io.whyrec.core.files.AtomicFiles;
import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.server.privacy.PseudonymRotation;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec pseudonyms}: the keys of pseudonymised data directories ({@code whyrec import --pseudonymize}).
 * {@code new-key FILE} writes a fresh random key (hex, owner-only file, never over an existing one);
 * {@code rotate --data-dir DIR --old-key F --new-key G --users IDS} moves the directory's dataset and store to a new
 * key ({@link PseudonymRotation}; the server must be stopped, and IDS lists the platform's raw user ids, one a line,
 * kept outside the data directory). Errors: a wrong key, a stored user that no listed id maps to, a list inside the
 * data directory.
 */
@Command(name = "pseudonyms", mixinStandardHelpOptions = true,
        description = "Make a pseudonym key, or move a pseudonymised data directory to a new key.",
        subcommands = {PseudonymsCommand.NewKey.class, PseudonymsCommand.Rotate.class})
final class PseudonymsCommand {

    /** {@code whyrec pseudonyms new-key FILE}. */
    @Command(name = "new-key", mixinStandardHelpOptions = true,
            description = "Write a new random pseudonym key (32 bytes as hex) to FILE, readable by the owner only.",
            footer = {"", "Example:", "  whyrec pseudonyms new-key pseudonym.key"})
    static final class NewKey implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "Where the key goes; must not exist.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(file + " exists; a key is never overwritten (the ids under it "
                        + "could no longer be mapped)");
            }
            String hex = Pseudonymizer.newKeyHex();
            // the temporary file is owner-only from its creation, so the key is never readable by others, and it
            // is in place whole (fsynced, renamed, folder fsynced) or not at all
            AtomicFiles.write(file.toAbsolutePath(), (hex + "\n").getBytes(StandardCharsets.US_ASCII));
            spec.commandLine().getOut().println("wrote a pseudonym key (fingerprint "
                    + Pseudonymizer.ofHex(hex, file.toString()).fingerprint() + ") to " + file);
            return 0;
        }
    }

    /** {@code whyrec pseudonyms rotate}. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Move a pseudonymised data directory (its dataset and its store) from one key to another.",
                    "Stop the server first. A rotation cut short is finished by running the same command again."},
            footer = {"", "Example:", "  whyrec pseudonyms rotate --data-dir ml100k-p --old-key old.key "
                    + "--new-key new.key --users platform-user-ids.txt"})
    static final class Rotate implements Callable<Integer> {

        @Option(names = "--data-dir", paramLabel = "DIR", required = true,
                description = "The pseudonymised data directory.")
        Path dataDir;

        @Option(names = "--old-key", paramLabel = "FILE", required = true, description = "The directory's key.")
        Path oldKey;

        @Option(names = "--new-key", paramLabel = "FILE", required = true, description = "The key to move to.")
        Path newKey;

        @Option(names = "--users", paramLabel = "FILE", required = true,
                description = "The platform's raw user ids, one a line (UTF-8), outside the data directory.")
        Path users;

        @Option(names = "--jdbc-url", paramLabel = "URL",
                description = "The store's database when the server used one (default: DIR/whyrec.db).")
        String jdbcUrl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path dir = dataDir.toAbsolutePath().normalize();
            if (users.toAbsolutePath().normalize().startsWith(dir)) {
                throw new IllegalArgumentException("--users " + users + " is inside the data directory, which must "
                        + "not hold raw user ids; keep the list elsewhere");
            }
            Pseudonymizer from = Pseudonymizer.fromFile(oldKey);
            Pseudonymizer to = Pseudonymizer.fromFile(newKey);
            List<String> ids = new ArrayList<>();
            for (String line : Files.readAllLines(users, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    ids.add(line.strip());
                }
            }
            PseudonymRotation.Result r;
            try (Database db = PseudonymRotation.openStore(dataDir, jdbcUrl)) {
                Store store;
                try {
                    store = db == null ? null : new Store(db);
                } catch (io.whyrec.server.crypto.EncryptionException e) {
                    // refused before anything is renamed: the sealed payloads are bound to the user ids
                    throw new IllegalArgumentException("rotating the pseudonyms of a store encrypted at rest is not "
                            + "implemented (docs/privacy.md, \"Rotation\"); nothing was changed: " + e.getMessage(), e);
                }
                r = PseudonymRotation.rotate(dataDir, store, from, to, ids);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: user ids moved to the key with fingerprint %s%s: %d ids listed, %d dataset users "
                            + "renamed, store rows renamed %s%n", dataDir, r.fingerprint(),
                    r.resumed() ? " (an unfinished rotation was finished)" : "", r.rawIds(), r.datasetUsers(),
                    r.renamedStore().isEmpty() ? "(no store)" : r.renamedStore());
            out.println("user tokens issued before the rotation are refused: issue new ones");
            return 0;
        }
    }
}
