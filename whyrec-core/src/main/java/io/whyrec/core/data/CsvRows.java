package io.whyrec.core.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of a UTF-8 delimited file with a header line (CSV with quotes, or TSV). Every data row must have as many
 * fields as the header ("wrong column count" otherwise); a bad quote is a "bad quoting" error.
 */
final class CsvRows {

    /** Receives one data row. */
    interface RowHandler {
        /**
         * Handles a row.
         *
         * @param fields the fields, as many as the header has
         * @param lineNo the 1-based line number
         */
        void row(String[] fields, int lineNo);
    }

    private CsvRows() {
    }

    /**
     * Reads a file whose header must be exactly {@code expectedHeader} (compared case-insensitively).
     *
     * @return the number of data rows, bad ones and those skipped for invalid bytes included
     */
    static int read(Path file, char sep, RowErrors errors, List<String> expectedHeader, RowHandler handler) {
        return read(file, sep, errors, (header, lineNo) -> {
            List<String> got = Arrays.asList(header);
            boolean same = got.size() == expectedHeader.size();
            for (int k = 0; same && k < got.size(); k++) {
                same = got.get(k).trim().equalsIgnoreCase(expectedHeader.get(k));
            }
            if (!same) {
                throw new DataFormatException(file, lineNo, null, "expected the header '"
                        + String.join(String.valueOf(sep), expectedHeader) + "', found '"
                        + String.join(String.valueOf(sep), got) + "'");
            }
        }, handler);
    }

    /** Checks or records the header. */
    interface HeaderHandler {
        /**
         * Receives the header fields; throws a {@link DataFormatException} when they are unusable.
         *
         * @param header the header fields
         * @param lineNo the header's 1-based line number (after any blank lines)
         */
        void header(String[] header, int lineNo);
    }

    /**
     * Reads a file, handing the header to {@code headerHandler} and each data row to {@code handler}.
     *
     * @return the number of data rows, bad ones and those skipped for invalid bytes included
     */
    static int read(Path file, char sep, RowErrors errors, HeaderHandler headerHandler, RowHandler handler) {
        int[] columns = {-1};
        int[] dataRows = {0};
        int skipped = TextFile.forEachLine(file, StandardCharsets.UTF_8, errors, (line, no) -> {
            String[] f;
            try {
                f = Fields.splitQuoted(line, sep);
            } catch (IllegalArgumentException e) {
                if (columns[0] < 0) {
                    throw new DataFormatException(file, no, null, "bad header: " + e.getMessage());
                }
                dataRows[0]++;
                errors.reject(file, no, null, "bad quoting", e.getMessage());
                return;
            }
            if (columns[0] < 0) {
                headerHandler.header(f, no);
                columns[0] = f.length;
                return;
            }
            dataRows[0]++;
            if (f.length != columns[0]) {
                errors.reject(file, no, null, "wrong column count",
                        "expected " + columns[0] + " fields as in the header, found " + f.length);
                return;
            }
            handler.row(f, no);
        }, true);
        if (dataRows[0] == 0 && skipped == 0) {
            throw new DataFormatException(file, "no data rows after the header", null);
        }
        return dataRows[0] + skipped;
    }
}
