package io.whyrec.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A seeded corpus of hostile import files: small valid file sets of every import format, each case with one to
 * three mutations applied to one of its files (byte flips, truncations, inserted NUL, ESC, byte-order marks, lone
 * surrogates and line separators, huge numbers, negative and huge ratings, JSON objects as ids, duplicate keys,
 * trailing garbage, wrong column counts, over-long ids, lost and doubled lines). The same seed gives the same
 * corpus, so a failure is reproduced by its case number.
 */
final class MutationCorpus {

    /** One valid file set of a format: the files by name, which is the interactions file, and how to import it. */
    record Seed(String name, Map<String, byte[]> files, String main, char sep,
                Function<Path, ImportRequest> request) {
    }

    /** One written case: its directory, the seed it came from, the mutations applied and the request. */
    record Case(int number, Path dir, Seed seed, String target, List<String> mutations, ImportRequest request) {
    }

    private MutationCorpus() {
    }

    /** The valid seeds, one per import format and syntax. */
    static List<Seed> seeds() {
        List<Seed> out = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        StringBuilder dat = new StringBuilder();
        StringBuilder csv = new StringBuilder("userId,movieId,rating,timestamp\r\n");
        StringBuilder generic = new StringBuilder("user,item,timestamp,event_type,value\n");
        StringBuilder tsv = new StringBuilder("user\titem\tts\ttype\trating\n");
        StringBuilder jsonl = new StringBuilder();
        int[][] rows = {{1, 10, 5}, {1, 20, 3}, {1, 30, 4}, {2, 10, 2}, {2, 40, 5}, {3, 20, 1}, {3, 30, 4},
                {3, 50, 3}, {4, 10, 4}, {4, 50, 2}};
        long t = 881250949L;
        for (int[] r : rows) {
            t += 17;
            data.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append('\t').append(t).append('\n');
            dat.append(r[0]).append("::").append(r[1]).append("::").append(r[2]).append("::").append(t).append('\n');
            csv.append(r[0]).append(',').append(r[1]).append(',').append(r[2] - 0.5).append(',').append(t)
                    .append("\r\n");
            generic.append('u').append(r[0]).append(",i").append(r[1]).append(',').append(t).append(',')
                    .append(r[2] > 3 ? "buy" : "view").append(',').append(r[2] > 3 ? "1" : "").append('\n');
            tsv.append('u').append(r[0]).append("\ti").append(r[1]).append('\t').append("2020-01-0")
                    .append(1 + r[2]).append("T10:00:00Z\trating\t").append(r[2]).append('\n');
            jsonl.append("{\"user\": \"u").append(r[0]).append("\", \"item\": ").append(r[1])
                    .append(", \"timestamp\": ").append(t).append(", \"event_type\": \"play\", \"value\": ")
                    .append(r[2] * 3).append("}\n");
        }
        StringBuilder uItem = new StringBuilder();
        StringBuilder movies = new StringBuilder();
        StringBuilder moviesCsv = new StringBuilder("movieId,title,genres\r\n");
        StringBuilder itemsJsonl = new StringBuilder();
        for (int i = 10; i <= 50; i += 10) {
            uItem.append(i).append("|Film ").append(i).append(" (1995)|01-Jan-1995||http://x/").append(i);
            for (int g = 0; g < 19; g++) {
                uItem.append('|').append(g == i / 10 ? 1 : 0);
            }
            uItem.append('\n');
            movies.append(i).append("::Film ").append(i).append(" (1995)::Comedy|Drama\n");
            moviesCsv.append(i).append(",\"Film, ").append(i).append(" (1995)\",Comedy|Drama\r\n");
            itemsJsonl.append("{\"id\": \"i").append(i).append("\", \"title\": \"Film ").append(i)
                    .append("\", \"tags\": [\"a\", \"b\"]}\n");
        }
        out.add(new Seed("ml100k", files("u.data", data, "u.item", uItem, "u.user",
                "1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|32067\n4|24|M|technician|43537\n"),
                "u.data", '\t', p -> ImportRequest.of(ImportFormat.ML100K, p)));
        out.add(new Seed("ml1m", files("ratings.dat", dat, "movies.dat", movies), "ratings.dat", ':',
                p -> ImportRequest.of(ImportFormat.ML1M, p)));
        out.add(new Seed("mllatest", files("ratings.csv", csv, "movies.csv", moviesCsv, "tags.csv",
                "userId,movieId,tag,timestamp\r\n1,10,funny,1445714994\r\n2,20,dark comedy,1445714996\r\n"),
                "ratings.csv", ',', p -> ImportRequest.of(ImportFormat.MLLATEST, p)));
        out.add(new Seed("user-items", files("train.txt", "0 1 2 3\n1 4 5\n2 1 5 6 7\n3\n"), "train.txt", ' ',
                p -> ImportRequest.of(ImportFormat.USER_ITEMS, p)));
        out.add(new Seed("generic-csv", files("events.csv", generic), "events.csv", ',',
                p -> ImportRequest.of(ImportFormat.GENERIC, p)));
        out.add(new Seed("generic-tsv", files("events.tsv", tsv), "events.tsv", '\t',
                p -> ImportRequest.of(ImportFormat.GENERIC, p)));
        out.add(new Seed("generic-jsonl", files("events.jsonl", jsonl, "items.jsonl", itemsJsonl), "events.jsonl",
                '{', p -> ImportRequest.of(ImportFormat.GENERIC, p).withItems(p.resolveSibling("items.jsonl"))));
        out.add(new Seed("auto-ml100k", files("ua.base", data), "ua.base", '\t',
                p -> ImportRequest.of(ImportFormat.AUTO, p)));
        return out;
    }

    private static Map<String, byte[]> files(Object... nameText) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int k = 0; k < nameText.length; k += 2) {
            m.put((String) nameText[k], nameText[k + 1].toString().getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /**
     * Writes {@code n} cases under {@code root} (one folder each), drawn from {@code seed}.
     *
     * @return the cases in order
     */
    static List<Case> write(Path root, int n, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Seed> seeds = seeds();
        List<Case> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Seed s = seeds.get(rnd.nextInt(seeds.size()));
            List<String> names = new ArrayList<>(s.files().keySet());
            String target = rnd.nextInt(10) < 7 ? s.main() : names.get(rnd.nextInt(names.size()));
            byte[] bytes = s.files().get(target);
            int count = 1 + rnd.nextInt(3);
            List<String> applied = new ArrayList<>();
            char sep = target.equals(s.main()) ? s.sep() : separatorOf(target);
            for (int m = 0; m < count; m++) {
                int kind = rnd.nextInt(KINDS.length);
                applied.add(KINDS[kind]);
                bytes = mutate(kind, bytes, sep, rnd);
            }
            Path dir = root.resolve(String.format("case-%04d-%s", k, s.name()));
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : s.files().entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getKey().equals(target) ? bytes : f.getValue());
            }
            out.add(new Case(k, dir, s, target, applied, s.request().apply(dir.resolve(s.main()))));
        }
        return out;
    }

    private static char separatorOf(String file) {
        if (file.endsWith(".jsonl")) {
            return '{';
        }
        if (file.endsWith(".dat")) {
            return ':';
        }
        return file.endsWith(".csv") ? ',' : file.startsWith("u.") ? '|' : '\t';
    }

    /** The mutation kinds, by name (the index is the kind). */
    static final String[] KINDS = {"byte flip", "truncate", "insert NUL", "insert ESC", "insert BOM",
        "lone surrogate", "huge number", "negative rating", "huge rating", "object as id", "duplicate key",
        "trailing garbage", "wrong column count", "long id", "line separator", "junk line", "drop data lines",
        "huge timestamp", "doubled line", "C1 control"};

    /** Payloads that replace one field of a line, by kind. */
    private static String payload(int kind, SplittableRandom rnd) {
        return switch (kind) {
            case 6 -> "99999999999999999999999";
            case 7 -> rnd.nextBoolean() ? "-3" : "-0.5";
            case 8 -> rnd.nextBoolean() ? "8.7e8" : "870000000";
            case 9 -> "{\"a\": 1}";
            case 13 -> "x".repeat(201 + rnd.nextInt(200));
            case 17 -> rnd.nextBoolean() ? "1e30" : "-99999999999999999999";
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    private static byte[] mutate(int kind, byte[] in, char sep, SplittableRandom rnd) {
        if (in.length == 0) {
            return in;
        }
        switch (kind) {
            case 0: {
                byte[] b = in.clone();
                int at = rnd.nextInt(b.length);
                b[at] ^= (byte) (1 + rnd.nextInt(255));
                return b;
            }
            case 1:
                return java.util.Arrays.copyOf(in, rnd.nextInt(in.length));
            case 2:
                return insert(in, rnd.nextInt(in.length + 1), new byte[] {0});
            case 3:
                return insert(in, rnd.nextInt(in.length + 1), new byte[] {0x1b});
            case 4:
                return insert(in, rnd.nextBoolean() ? 0 : rnd.nextInt(in.length + 1),
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            case 5:
                if (sep == '{') {
                    return replaceInLine(in, rnd, line -> {
                        int q = line.indexOf('"', line.indexOf(':') + 1);
                        return q < 0 ? line : line.substring(0, q + 1) + "\\ud800" + line.substring(q + 1);
                    });
                }
                // CESU-8 of U+D800: not valid UTF-8; three C1/Latin letters in an ISO-8859-1 file
                return insert(in, rnd.nextInt(in.length + 1), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            case 6: case 7: case 8: case 9: case 13: case 17: {
                String p = payload(kind, rnd);
                return replaceInLine(in, rnd, line -> replaceField(line, sep, kind, p, rnd));
            }
            case 10:
                if (sep == '{') {
                    return replaceInLine(in, rnd, line -> {
                        int close = line.lastIndexOf('}');
                        String[] keys = {"user", "item", "id", "value", "timestamp"};
                        return close < 0 ? line : line.substring(0, close) + ", \""
                                + keys[rnd.nextInt(keys.length)] + "\": \"dup\"" + line.substring(close);
                    });
                }
                return replaceInLine(in, rnd, line -> line + "\n" + line);
            case 11: {
                String[] garbage = {" garbage", "}", " {\"a\": 1}", ",", "\"", " 1"};
                String g = garbage[rnd.nextInt(garbage.length)];
                return replaceInLine(in, rnd, line -> line + g);
            }
            case 12:
                return replaceInLine(in, rnd, line -> {
                    String s = sep == ':' ? "::" : String.valueOf(sep == '{' ? ',' : sep);
                    int at = line.indexOf(s);
                    if (rnd.nextBoolean() || at < 0) {
                        return line + s + "extra";
                    }
                    return line.substring(0, at) + line.substring(at + s.length());
                });
            case 14:
                return insert(in, rnd.nextInt(in.length + 1), new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0xA8});
            case 15: {
                StringBuilder junk = new StringBuilder();
                int len = 1 + rnd.nextInt(40);
                for (int i = 0; i < len; i++) {
                    junk.append((char) (0x20 + rnd.nextInt(0x5f)));
                }
                return replaceInLine(in, rnd, line -> junk.toString());
            }
            case 16: {
                String text = new String(in, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                boolean header = sep == ',' || sep == '\t' && !Character.isDigit(text.charAt(0));
                return (header && nl >= 0 ? text.substring(0, nl + 1) : "\n").getBytes(StandardCharsets.UTF_8);
            }
            case 18:
                return replaceInLine(in, rnd, line -> line + "\n" + line);
            case 19:
                return insert(in, rnd.nextInt(in.length + 1), new byte[] {(byte) 0x85});
            default:
                throw new IllegalArgumentException("kind " + kind);
        }
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    /** Applies a change to one line (not the first when the file has more than one, to spare headers mostly). */
    private static byte[] replaceInLine(byte[] in, SplittableRandom rnd, Function<String, String> change) {
        String text = new String(in, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        int usable = lines.length - (text.endsWith("\n") ? 1 : 0);
        if (usable <= 0) {
            return in;
        }
        int at = usable > 1 && rnd.nextInt(8) > 0 ? 1 + rnd.nextInt(usable - 1) : rnd.nextInt(usable);
        String line = lines[at];
        boolean cr = line.endsWith("\r");
        String body = cr ? line.substring(0, line.length() - 1) : line;
        // payloads are ASCII, so the ISO-8859-1 round trip keeps every other byte as it was
        lines[at] = change.apply(body) + (cr ? "\r" : "");
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Replaces one field of a delimited or JSON line with a payload: ids for id kinds, the rating or value else. */
    private static String replaceField(String line, char sep, int kind, String payload, SplittableRandom rnd) {
        boolean idKind = kind == 9 || kind == 13 || kind == 6 && rnd.nextBoolean();
        boolean timeKind = kind == 17;
        if (sep == '{') {
            String key = idKind ? (rnd.nextBoolean() ? "\"user\"" : "\"item\"") : timeKind ? "\"timestamp\""
                    : "\"value\"";
            int k = line.indexOf(key);
            if (k < 0) {
                key = "\"id\"";
                k = line.indexOf(key);
            }
            if (k < 0) {
                return line;
            }
            int colon = line.indexOf(':', k);
            int end = colon + 1;
            int depth = 0;
            boolean inString = false;
            for (; end < line.length(); end++) {
                char c = line.charAt(end);
                if (c == '"' && line.charAt(end - 1) != '\\') {
                    inString = !inString;
                } else if (!inString && (c == '[' || c == '{')) {
                    depth++;
                } else if (!inString && (c == ']' || c == '}')) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (!inString && depth == 0 && c == ',') {
                    break;
                }
            }
            boolean raw = kind != 13;
            return line.substring(0, colon + 1) + " " + (raw ? payload : "\"" + payload + "\"") + line.substring(end);
        }
        String s = sep == ':' ? "::" : String.valueOf(sep);
        String[] f = line.split(java.util.regex.Pattern.quote(s), -1);
        int field = idKind ? rnd.nextInt(Math.min(2, f.length)) : timeKind ? (f.length >= 5 ? 2 : Math.min(3, f.length - 1))
                : f.length >= 5 ? 4 : Math.min(2, f.length - 1);
        f[field] = payload;
        return String.join(s, f);
    }
}
