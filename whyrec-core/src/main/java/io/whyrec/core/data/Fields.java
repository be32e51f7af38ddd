package io.whyrec.core.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Field splitting and parsing without regular expressions (a regex per line costs more than the rest of the import
 * for a million lines). Splitting never drops empty fields, so a wrong column count is always visible.
 */
final class Fields {

    private Fields() {
    }

    /** Splits on a single character, keeping empty fields. */
    static String[] split(String line, char sep) {
        int n = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == sep) {
                n++;
            }
        }
        String[] out = new String[n];
        int start = 0;
        for (int f = 0; f < n - 1; f++) {
            int end = line.indexOf(sep, start);
            out[f] = line.substring(start, end);
            start = end + 1;
        }
        out[n - 1] = line.substring(start);
        return out;
    }

    /** Splits on a multi-character separator such as {@code ::}, keeping empty fields. */
    static String[] split(String line, String sep) {
        List<String> out = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int end = line.indexOf(sep, start);
            if (end < 0) {
                out.add(line.substring(start));
                return out.toArray(new String[0]);
            }
            out.add(line.substring(start, end));
            start = end + sep.length();
        }
    }

    /** Splits on runs of spaces and tabs; leading and trailing whitespace give no empty tokens. */
    static String[] splitWhitespace(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isSpace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(line.substring(start, i));
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Splits one line of CSV (RFC 4180 quoting within a line: a field that starts with a double quote runs to the
     * closing quote, and a doubled quote inside stands for one quote). Fields spanning lines are not supported.
     *
     * @throws IllegalArgumentException with a reason when a quote is not closed or text follows a closing quote
     */
    static String[] splitQuoted(String line, char sep) {
        if (line.indexOf('"') < 0) {
            return split(line, sep);
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unclosed quote");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            b.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(c);
                    i++;
                }
                out.add(b.toString());
                if (i == n) {
                    return out.toArray(new String[0]);
                }
                if (line.charAt(i) != sep) {
                    throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
                }
                i++;
            } else {
                int end = line.indexOf(sep, i);
                if (end < 0) {
                    out.add(line.substring(i));
                    return out.toArray(new String[0]);
                }
                out.add(line.substring(i, end));
                i = end + 1;
            }
        }
    }

    /** Whether a string is an optionally signed run of ASCII digits. */
    static boolean isInteger(String s) {
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an optionally signed run of ASCII digits as a long.
     *
     * @throws IllegalArgumentException with a reason ("not an integer", "out of range") when it is not one or does
     *                                  not fit in 64 bits, never a bare {@link NumberFormatException}
     */
    static long parseLong(String s) {
        if (!isInteger(s)) {
            throw new IllegalArgumentException("not an integer: '" + s + "'");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("integer out of range (at most 19 digits, |n| < 2^63): '" + s + "'");
        }
    }

    /**
     * Parses a timestamp: integer epoch seconds, decimal epoch seconds (truncated), or ISO-8601 as an instant
     * ({@code 2018-09-26T10:00:00Z}), with an offset, as a local date-time (read as UTC) or as a date (UTC midnight).
     *
     * @throws IllegalArgumentException when it is none of these
     */
    static long parseTimestamp(String s) {
        String t = s.trim();
        if (isInteger(t)) {
            return parseLong(t);
        }
        if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-') && t.indexOf('-', 1) < 0
                && t.indexOf(':') < 0) {
            try {
                double d = Double.parseDouble(t);
                if (Double.isFinite(d) && Math.abs(d) < 9.2e18) {
                    return (long) Math.floor(d);
                }
                throw new IllegalArgumentException("epoch seconds out of range (|t| < 9.2e18): '" + s + "'");
            } catch (NumberFormatException ignored) {
                // fall through to the ISO forms
            }
        }
        try {
            return Instant.parse(t).getEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(t).toEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            throw new IllegalArgumentException("not epoch seconds or an ISO-8601 date/time: '" + s + "'");
        }
    }
}
