package io.whyrec.cli;

import io.whyrec.core.files.AtomicFiles;
import io.whyrec.server.crypto.LocalKeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec encryption}: the keys of encryption at rest. {@code new-key FILE} writes a fresh random AES-256 key
 * (64 hex digits, owner-only file, never over an existing one) and prints its fingerprint, the only thing about the
 * key that whyrec ever writes down.
 */
@Command(name = "encryption", mixinStandardHelpOptions = true,
        description = "Make a key for encryption at rest.",
        subcommands = {EncryptionCommand.NewKey.class})
final class EncryptionCommand {

    /** {@code whyrec encryption new-key FILE}. */
    @Command(name = "new-key", mixinStandardHelpOptions = true,
            description = "Write a new random AES-256 key (32 bytes as hex) to FILE, readable by the owner only.",
            footer = {"", "Example:", "  whyrec encryption new-key store.key"})
    static final class NewKey implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "Where the key goes; must not exist.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(file + " exists; a key is never overwritten (the data encrypted "
                        + "under it could no longer be read)");
            }
            String hex = LocalKeyProvider.newKeyHex();
            // owner-only from its creation, and in place whole or not at all (AtomicFiles)
            AtomicFiles.write(file.toAbsolutePath(), (hex + "\n").getBytes(StandardCharsets.US_ASCII));
            spec.commandLine().getOut().println("wrote an encryption key (fingerprint "
                    + LocalKeyProvider.ofHex(hex, file.toString()).fingerprint() + ") to " + file);
            return 0;
        }
    }
}
