package io.whyrec.cli;

import io.whyrec.server.crypto.KeyProvider;
import io.whyrec.server.crypto.LocalKeyProvider;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --encryption-key FILE} option of the commands that open the server's store (serve, report, disclose):
 * the key the store is encrypted at rest under, made by {@code whyrec encryption new-key}.
 */
final class EncryptionKeyOption {

    @Option(names = "--encryption-key", paramLabel = "FILE", description = "Key file (64 hex digits, from 'whyrec "
            + "encryption new-key') of a store encrypted at rest (default: the " + LocalKeyProvider.ENV
            + " environment variable, else none). An empty store opened with a key is encrypted from then on; a "
            + "store encrypted at rest does not open without its key.")
    Path file;

    /**
     * The key of the file, else of the environment variable, else null (a plaintext store).
     *
     * @throws IllegalArgumentException naming the file or the variable when it holds no key
     */
    KeyProvider keys() {
        return LocalKeyProvider.resolve(file);
    }
}
