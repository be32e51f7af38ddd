package io.whyrec.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The documented generic format (see docs/data-formats.md), as CSV, TSV or JSON Lines.
 *
 * <p>Interactions: columns (or JSON keys) {@code user}, {@code item} (required), {@code timestamp} (epoch
 * seconds or ISO-8601; default: the row's position in the file), {@code event_type} (default
 * {@value #DEFAULT_TYPE}) and {@code value} (default 1). Column names are matched case-insensitively and a few
 * common aliases are accepted ({@link #INTERACTION_ALIASES}); any other column is context, which is reported by
 * name but not yet stored. Items: {@code id} (required), {@code title}, {@code text}, {@code tags} (separated by
 * {@code |}, or a JSON array).
 */
final class GenericFormat {

    /** Syntax of a generic file. */
    enum Syntax {
        /** Comma separated, header row, RFC 4180 quotes. */
        CSV,
        /** Tab separated, header row. */
        TSV,
        /** One JSON object per line. */
        JSONL;

        /** The syntax implied by a file name's extension, or null when it implies none. */
        static Syntax of(Path file) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".tsv") || n.endsWith(".tab")) {
                return TSV;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
                return JSONL;
            }
            return null;
        }
    }

    /** Event type when a file has no event_type column. */
    static final String DEFAULT_TYPE = "interaction";

    /** Accepted column-name aliases of the interaction columns (lower case alias to canonical name). */
    static final Map<String, String> INTERACTION_ALIASES = Map.ofEntries(
            Map.entry("user", "user"), Map.entry("user_id", "user"), Map.entry("userid", "user"),
            Map.entry("item", "item"), Map.entry("item_id", "item"), Map.entry("itemid", "item"),
            Map.entry("movieid", "item"),
            Map.entry("timestamp", "timestamp"), Map.entry("time", "timestamp"), Map.entry("ts", "timestamp"),
            Map.entry("event_type", "event_type"), Map.entry("type", "event_type"), Map.entry("event", "event_type"),
            Map.entry("value", "value"), Map.entry("rating", "value"), Map.entry("weight", "value"));

    /**
     * The JSON mapper, created on first use only (it costs a few hundred ms to set up). Strict: a key given twice
     * in one object and anything after the object on its line are errors, not silently resolved.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    private GenericFormat() {
    }

    /**
     * Reads an interactions file into the collector.
     *
     * @param defaultType event type of rows without an event_type column
     * @param context     receives the names of context columns (for the report)
     * @param columns     for a CSV or TSV header: whyrec's column name to the header's name for it; a mapped
     *                    column is found by that name only (exactly, after trimming), the others by their aliases
     * @throws DataFormatException at line 1 when a mapped name is not in the header, naming the header's columns
     */
    static void readInteractions(Path file, Syntax syntax, InteractionCollector c, String defaultType,
                                 Set<String> context, Map<String, String> columns) {
        if (syntax == Syntax.JSONL && !columns.isEmpty()) {
            throw new DataFormatException(file, "--columns maps the header of a CSV or TSV file; JSON Lines "
                    + "keys are read by their names", null);
        }
        if (syntax == Syntax.JSONL) {
            readJsonInteractions(file, c, defaultType, context);
            return;
        }
        int[] col = {-1, -1, -1, -1, -1}; // user, item, timestamp, event_type, value
        java.util.List<String> names = ImportRequest.COLUMNS; // slots: user, item, timestamp, event_type, value
        String[][] headerNames = {null};
        int[] position = {0};
        int rows = CsvRows.read(file, syntax == Syntax.CSV ? ',' : '\t', c.errors, (header, headerLine) -> {
            headerNames[0] = header;
            for (Map.Entry<String, String> m : columns.entrySet()) {
                int found = -1;
                for (int k = 0; k < header.length; k++) {
                    if (header[k].trim().equals(m.getValue())) {
                        found = k;
                    }
                }
                if (found < 0) {
                    throw new DataFormatException(file, headerLine, null, "--columns " + m.getKey() + "=" + m.getValue()
                            + ": the header has no column '" + m.getValue() + "' (found: "
                            + String.join(",", header) + ")");
                }
                col[names.indexOf(m.getKey())] = found;
            }
            for (int k = 0; k < header.length; k++) {
                final int column = k;
                if (java.util.Arrays.stream(col).anyMatch(v -> v == column)) {
                    continue;
                }
                String alias = INTERACTION_ALIASES.get(header[k].trim().toLowerCase(Locale.ROOT));
                String canon = alias != null && columns.containsKey(alias) ? null : alias;
                int slot = canon == null ? -1 : names.indexOf(canon);
                if (slot < 0) {
                    context.add(header[k].trim());
                } else if (col[slot] >= 0) {
                    throw new DataFormatException(file, headerLine, header[k], "the header has a second column for '"
                            + canon + "'");
                } else {
                    col[slot] = k;
                }
            }
            for (int slot = 0; slot < 2; slot++) {
                if (col[slot] < 0) {
                    throw new DataFormatException(file, headerLine, null, "the header has no '" + names.get(slot)
                            + "' column (found: " + String.join(",", header) + "); map one with --columns "
                            + names.get(slot) + "=NAME");
                }
            }
        }, (f, no) -> {
            long pos = position[0]++;
            String h = null;
            accept(file, no, c, f[col[0]], f[col[1]],
                    col[2] < 0 ? null : f[col[2]], col[3] < 0 ? defaultType : f[col[3]],
                    col[4] < 0 ? null : f[col[4]], pos,
                    col[2] < 0 ? h : headerNames[0][col[2]], col[4] < 0 ? h : headerNames[0][col[4]]);
        });
        c.countRead(rows);
    }

    private static void readJsonInteractions(Path file, InteractionCollector c, String defaultType,
                                             Set<String> context) {
        int[] position = {0};
        int skipped = TextFile.forEachLine(file, StandardCharsets.UTF_8, c.errors, (line, no) -> {
            c.countRead(1);
            long pos = position[0]++;
            JsonNode node = parseObject(file, no, line, c.errors);
            if (node == null) {
                return;
            }
            String[] v = new String[5];
            String[] keys = new String[5];
            String[] names = {"user", "item", "timestamp", "event_type", "value"};
            var it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                String canon = INTERACTION_ALIASES.get(e.getKey().toLowerCase(Locale.ROOT));
                int slot = canon == null ? -1 : java.util.Arrays.asList(names).indexOf(canon);
                if (slot < 0) {
                    context.add(e.getKey());
                } else if (keys[slot] != null) {
                    c.bad(file, no, e.getKey(), "duplicate key", "a second key for '" + names[slot] + "' (after '"
                            + keys[slot] + "')");
                    return;
                } else if (!e.getValue().isNull()) {
                    JsonNode x = e.getValue();
                    // ids and the type are strings or integers; the time and value numbers or strings
                    boolean ok = slot == 2 || slot == 4 ? x.isNumber() || x.isTextual()
                            : x.isTextual() || x.isIntegralNumber();
                    if (!ok) {
                        c.bad(file, no, e.getKey(), "bad JSON type", "must be " + (slot == 2 || slot == 4
                                ? "a number or a string" : "a string or an integer") + ", found "
                                + x.getNodeType().name().toLowerCase(Locale.ROOT));
                        return;
                    }
                    v[slot] = x.asText();
                    keys[slot] = e.getKey();
                } else {
                    keys[slot] = e.getKey();
                }
            }
            for (int slot = 0; slot < 2; slot++) {
                if (v[slot] == null) {
                    c.bad(file, no, names[slot], "missing field", "no '" + names[slot] + "' key with a value");
                    return;
                }
            }
            accept(file, no, c, v[0], v[1], v[2], v[3] == null ? defaultType : v[3], v[4], pos, keys[2], keys[4]);
        });
        c.countRead(skipped);
    }

    private static final String[] ID_FIELDS = {"user", "item", "event_type"};

    private static void accept(Path file, long no, InteractionCollector c, String user, String item, String time,
                               String type, String value, long position, String timeField, String valueField) {
        user = user.trim();
        item = item.trim();
        if (user.isEmpty() || item.isEmpty()) {
            c.bad(file, no, user.isEmpty() ? "user" : "item", "empty id", "empty id");
            return;
        }
        long t = position;
        if (time != null && !time.isBlank()) {
            try {
                t = Fields.parseTimestamp(time);
            } catch (IllegalArgumentException e) {
                c.bad(file, no, timeField, "bad timestamp", e.getMessage());
                return;
            }
        }
        float v = 1f;
        if (value != null && !value.isBlank()) {
            try {
                v = Float.parseFloat(value.trim());
            } catch (NumberFormatException e) {
                c.bad(file, no, valueField, "not a number", "not a number: '" + value + "'");
                return;
            }
            if (!Float.isFinite(v)) {
                c.bad(file, no, valueField, "bad value", "not a finite number: '" + value + "'");
                return;
            }
        }
        String ty = type == null || type.isBlank() ? DEFAULT_TYPE : type.trim();
        if (!c.validIds(file, no, ID_FIELDS, user, item, ty)
                || !c.validValue(file, no, valueField == null ? "value" : valueField, ty, v)) {
            return;
        }
        int u = c.user(user, file, no, "user");
        if (u >= 0) {
            c.row(file, no, u, item, t, ty, v);
        }}

    private static JsonNode parseObject(Path file, long no, String line, RowErrors errors) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                errors.reject(file, no, null, "invalid JSON", "not a JSON object");
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            errors.reject(file, no, null, "invalid JSON", "invalid JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    /** Reads a generic items file (id, title, text, tags). */
    static LinkedHashMap<String, ItemDraft> readItems(Path file, Syntax syntax, RowErrors errors) {
        LinkedHashMap<String, ItemDraft> out = new LinkedHashMap<>();
        if (syntax == Syntax.JSONL) {
            TextFile.forEachLine(file, StandardCharsets.UTF_8, errors, (line, no) -> {
                JsonNode node = parseObject(file, no, line, errors);
                if (node == null) {
                    return;
                }
                JsonNode id = node.get("id");
                if (id == null || id.isNull()) {
                    errors.reject(file, no, "id", "missing field", "no 'id' key");
                    return;
                }
                if (!id.isTextual() && !id.isIntegralNumber()) {
                    errors.reject(file, no, "id", "bad JSON type", "must be a string or an integer, found "
                            + id.getNodeType().name().toLowerCase(Locale.ROOT));
                    return;
                }
                if (id.asText().isBlank()) {
                    errors.reject(file, no, "id", "empty id", "empty id");
                    return;
                }
                ItemDraft d = new ItemDraft(id.asText().trim(), text(node.get("title")), text(node.get("text")));
                JsonNode tags = node.get("tags");
                if (tags != null && tags.isArray()) {
                    tags.forEach(t -> d.tag(t.asText()));
                } else if (tags != null && !tags.isNull()) {
                    for (String t : Fields.split(tags.asText(), '|')) {
                        d.tag(t);
                    }
                }
                MovieLensFormat.putNew(out, d, file, no, errors);
            });
            return out;
        }
        int[] col = {-1, -1, -1, -1};
        String[] names = {"id", "title", "text", "tags"};
        CsvRows.read(file, syntax == Syntax.CSV ? ',' : '\t', errors, (header, headerLine) -> {
            for (int k = 0; k < header.length; k++) {
                int slot = java.util.Arrays.asList(names).indexOf(header[k].trim().toLowerCase(Locale.ROOT));
                if (slot >= 0) {
                    col[slot] = k;
                }
            }
            if (col[0] < 0) {
                throw new DataFormatException(file, headerLine, null, "the header has no 'id' column (found: "
                        + String.join(",", header) + ")");
            }
        }, (f, no) -> {
            String id = f[col[0]].trim();
            if (id.isEmpty()) {
                errors.reject(file, no, "id", "empty id", "empty id");
                return;
            }
            ItemDraft d = new ItemDraft(id, col[1] < 0 ? null : f[col[1]], col[2] < 0 ? null : f[col[2]]);
            if (col[3] >= 0 && !f[col[3]].isEmpty()) {
                for (String t : Fields.split(f[col[3]], '|')) {
                    d.tag(t);
                }
            }
            MovieLensFormat.putNew(out, d, file, no, errors);
        });
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** Reads a JSON object of item id to text (such as CoLaKG's llm_response_item.json). */
    static Map<String, String> readItemTexts(Path file) {
        TextFile.requireFile(file);
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new DataFormatException(file, "expected a JSON object of item id to text", null);
            }
            Map<String, String> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DataFormatException(file, line, null, "invalid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Keeps set iteration order stable for the report. */
    static Set<String> newContextSet() {
        return new LinkedHashSet<>();
    }
}
