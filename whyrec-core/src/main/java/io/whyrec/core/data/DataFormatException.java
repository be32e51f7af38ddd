package io.whyrec.core.data;

import java.nio.file.Path;

/**
 * Bad input data: the message always says where (the file, and the line and field when there is one) and what is
 * wrong, in the form {@code path:line: field 'name': reason}. Thrown by every reader in this package and by
 * {@link DatasetFile} for a corrupt or unreadable dataset file.
 */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String field;
    private final String reason;

    /**
     * Creates an error located at a line (and optionally a field) of a file.
     *
     * @param file   the file that was being read
     * @param line   1-based line number, or 0 when the error concerns the whole file
     * @param field  the column or field name, or null when no single field is at fault
     * @param reason what is wrong, as a short phrase
     */
    public DataFormatException(Path file, long line, String field, String reason) {
        super(format(file, line, field, reason));
        this.file = file;
        this.line = line;
        this.field = field;
        this.reason = reason;
    }

    /** Creates an error about a whole file (missing, empty, corrupt), with an optional cause. */
    public DataFormatException(Path file, String reason, Throwable cause) {
        super(format(file, 0, null, reason), cause);
        this.file = file;
        this.line = 0;
        this.field = null;
        this.reason = reason;
    }

    /** Formats a location and reason the way every message of this class is formatted. */
    static String format(Path file, long line, String field, String reason) {
        StringBuilder s = new StringBuilder();
        s.append(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (field != null) {
            s.append("field '").append(field).append("': ");
        }
        return s.append(reason).toString();
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the error concerns the whole file. */
    public long line() {
        return line;
    }

    /** The field at fault, or null. */
    public String field() {
        return field;
    }

    /** The reason without the location. */
    public String reason() {
        return reason;
    }
}
