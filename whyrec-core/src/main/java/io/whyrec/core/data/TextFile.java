package io.whyrec.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Reads a text file strictly: a missing, unreadable or empty file is an error, bytes that are not valid in the
 * declared charset are reported with their line (a {@link CharsetDecoder} with {@link CodingErrorAction#REPORT},
 * never silent replacement), a UTF-8 byte-order mark at the start is dropped (in ISO-8859-1 files too), both LF
 * and CRLF line ends are accepted and blank lines are ignored. The whole file is read at once, which is the fastest way for the file sizes recommendation
 * data comes in (tens of MB); lines are handed out with their 1-based numbers.
 */
final class TextFile {

    /** Receives one non-blank line. */
    interface LineHandler {
        /**
         * Handles a line.
         *
         * @param line   the line without its line end
         * @param lineNo its 1-based number in the file
         */
        void line(String line, int lineNo);
    }

    private TextFile() {
    }

    /** Checks that a file exists and is a regular file, with a message naming it otherwise. */
    static void requireFile(Path file) {
        if (!Files.exists(file)) {
            throw new DataFormatException(file, "file not found", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "not a regular file", null);
        }
    }

    /**
     * Calls the handler for each non-blank line. Lines with invalid bytes are rejected through {@code errors}
     * (category "invalid encoding"), so in skip-bad mode they are counted and left out.
     *
     * @return the number of lines that were skipped for invalid bytes
     */
    static int forEachLine(Path file, Charset charset, RowErrors errors, LineHandler handler) {
        return forEachLine(file, charset, errors, handler, false);
    }

    /**
     * As {@link #forEachLine(Path, Charset, RowErrors, LineHandler)}; with {@code header} the first non-blank line
     * is a header, and invalid bytes in it fail the whole file even in skip-bad mode (skipping it would make the
     * first data row the header).
     */
    static int forEachLine(Path file, Charset charset, RowErrors errors, LineHandler handler, boolean header) {
        BitSet bad = new BitSet();
        String text = read(file, charset, errors, bad);
        return lines(file, text, handler, bad, header);
    }

    /** Decodes the whole file; sets in {@code bad} the numbers of lines that held invalid bytes. */
    private static String read(Path file, Charset charset, RowErrors errors, BitSet bad) {
        requireFile(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new DataFormatException(file, "empty file", null);
        }
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
            // a UTF-8 byte-order mark is dropped whatever the declared charset (it would read as three letters)
            int from = hasUtf8Bom(bytes) ? 3 : 0;
            return new String(bytes, from, bytes.length - from, charset);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) bytes.length * (long) Math.ceil(decoder.maxCharsPerByte()) + 16));
        int line = 1;
        int counted = 0;
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isOverflow()) {
                throw new IllegalStateException("decoder buffer too small");
            }
            int pos = in.position();
            for (int b = counted; b < pos; b++) {
                if (bytes[b] == '\n') {
                    line++;
                }
            }
            counted = pos;
            errors.reject(file, line, null, "invalid encoding",
                    "invalid " + charset.name() + " byte sequence at byte offset " + pos
                            + String.format(" (0x%02X)", bytes[pos] & 0xff));
            bad.set(line);
            out.put('\uFFFD');
            in.position(pos + r.length());
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
    }

    private static int lines(Path file, String text, LineHandler handler, BitSet bad, boolean header) {
        int len = text.length();
        int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
        int lineNo = 0;
        boolean any = false;
        while (start < len) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? len : nl;
            int next = nl < 0 ? len : nl + 1;
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            lineNo++;
            if (header && !any && bad.get(lineNo)) {
                throw new DataFormatException(file, lineNo, null, "the header line holds bytes that are not valid "
                        + "UTF-8");
            }
            if (!bad.get(lineNo) && !isBlank(text, start, end)) {
                any = true;
                handler.line(text.substring(start, end), lineNo);
            }
            start = next;
        }
        if (!any && bad.isEmpty()) {
            throw new DataFormatException(file, "empty file (no non-blank line)", null);
        }
        return bad.cardinality();
    }

    private static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The first line of a file (at most 64 KiB read), decoded leniently, for format sniffing; "" if none. */
    static String firstLine(Path file) {
        requireFile(file);
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(1 << 16);
            String s = new String(head, StandardCharsets.UTF_8);
            if (s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            int nl = s.indexOf('\n');
            String line = nl < 0 ? s : s.substring(0, nl);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
