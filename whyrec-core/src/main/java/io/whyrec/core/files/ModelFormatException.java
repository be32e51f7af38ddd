package io.whyrec.core.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be loaded: not a whyrec model file, a newer format version, an unknown model kind,
 * a checksum mismatch or a truncated file. The message names the file and says which.
 */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that starts with the file name. */
    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** Same, with the underlying cause. */
    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
