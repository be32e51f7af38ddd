package io.whyrec.text.embed;

import io.whyrec.api.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads the Douban movie metadata CSV (AntSpider layout: a header row, UTF-8 with an optional byte-order mark,
 * every field double-quoted, quotes doubled inside fields, fields may span lines) into items: id MOVIE_ID,
 * title NAME, tags GENRES then TAGS (split on '/'), text STORYLINE. Only the columns MOVIE_ID and NAME are
 * required.
 */
public final class DoubanMovies {

    private DoubanMovies() {
    }

    /**
     * Reads the items of a file.
     *
     * @throws IllegalArgumentException naming file:line and the problem (missing column, unclosed quote,
     *                                  wrong field count, empty id)
     */
    public static List<Item> read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        List<Row> rows = parse(content, file);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header row");
        }
        List<String> header = rows.get(0).fields;
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim(), i);
        }
        for (String required : List.of("MOVIE_ID", "NAME")) {
            if (!col.containsKey(required)) {
                throw new IllegalArgumentException(file + ":1: missing column " + required + " (header: " + header + ")");
            }
        }
        List<Item> items = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            if (row.fields.size() == 1 && row.fields.get(0).isEmpty()) {
                continue; // blank line
            }
            if (row.fields.size() != header.size()) {
                throw new IllegalArgumentException(file + ":" + row.line + ": " + row.fields.size()
                        + " fields, header has " + header.size());
            }
            String id = field(row, col, "MOVIE_ID").trim();
            if (id.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + row.line + ": field MOVIE_ID is empty");
            }
            LinkedHashSet<String> tags = new LinkedHashSet<>();
            for (String column : List.of("GENRES", "TAGS")) {
                for (String t : field(row, col, column).split("/")) {
                    if (!t.isBlank()) {
                        tags.add(t.strip());
                    }
                }
            }
            items.add(new Item(id, field(row, col, "NAME").strip(), field(row, col, "STORYLINE").strip(),
                    new ArrayList<>(tags)));
        }
        return items;
    }

    private static String field(Row row, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        return i == null ? "" : row.fields.get(i);
    }

    private record Row(int line, List<String> fields) {
    }

    /** RFC 4180 parsing: commas separate fields, double quotes enclose them, "" is a quote inside one. */
    static List<Row> parse(String s, Path file) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        int quoteLine = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                quoteLine = line;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(f.toString());
                f.setLength(0);
                rows.add(new Row(rowLine, new ArrayList<>(fields)));
                fields.clear();
                line++;
                rowLine = line;
            } else {
                f.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + ":" + quoteLine + ": quote opened here is never closed");
        }
        if (f.length() > 0 || !fields.isEmpty()) {
            fields.add(f.toString());
            rows.add(new Row(rowLine, fields));
        }
        return rows;
    }
}
