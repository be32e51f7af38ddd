package io.whyrec.spark;

import io.whyrec.core.data.DataFormatException;
import io.whyrec.core.data.InputRules;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The job's input read, validated, deduplicated and k-cored on the cluster: an event file (CSV with a header, or
 * Parquet) becomes a DataFrame, every row is checked on the executors (ids by whyrec's {@link InputRules},
 * the value a finite number, the timestamp whole epoch seconds), exact duplicates of (user, item, timestamp,
 * event type) are dropped keeping the first row, and with a k-core the events of users and items with too few
 * events are removed round by round until every one left has enough. Only the kept events reach the driver, in
 * the file's row order, as a generic TSV that whyrec-core's importer turns into the dataset (so ids, the
 * catalogue and the rating checks are the single-machine ones). A bad row fails the job before anything is
 * written, naming the file, the row and the column; an error the driver's import finds is reported against the
 * original row too.
 *
 * <p>Columns are found by whyrec's generic names and aliases (user/user_id/userId, item/item_id/movieId,
 * timestamp/time/ts, event_type/type/event, value/rating/weight; case-insensitive), or named with
 * {@code --columns user=uid,item=sku,...}. Rows are numbered in Spark's read order of the input, which for one CSV
 * file is its line order: row N is line N+1 (the header is line 1); for Parquet, the N-th row of the file.
 */
public final class SparkInput {

    /** The input formats Spark reads. */
    public enum Format {
        /** Comma-separated values with a header line. */
        CSV,
        /** Apache Parquet. */
        PARQUET;

        /** "csv" or "parquet" (case-insensitive). */
        public static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "csv" -> CSV;
                case "parquet" -> PARQUET;
                default -> throw new IllegalArgumentException("--input-format: expected csv or parquet, got '" + s
                        + "'");
            };
        }
    }

    /** The canonical columns, in the order of the cleaned file. */
    static final List<String> COLUMNS = List.of("user", "item", "timestamp", "event_type", "value");

    /**
     * How to read and clean.
     *
     * @param format  CSV or Parquet
     * @param columns canonical name to the file's column name, overriding the aliases (may be empty)
     * @param userK   k-core threshold for users (1: no user is removed)
     * @param itemK   k-core threshold for items (1: no item is removed)
     */
    public record Options(Format format, Map<String, String> columns, int userK, int itemK) implements Serializable {
        /** Checks the values. */
        public Options {
            columns = Map.copyOf(columns);
            for (String c : columns.keySet()) {
                if (!COLUMNS.contains(c)) {
                    throw new IllegalArgumentException("--columns: unknown column '" + c + "' (known: "
                            + String.join(", ", COLUMNS) + ")");
                }
            }
            if (userK < 1 || itemK < 1) {
                throw new IllegalArgumentException("--kcore: thresholds must be at least 1, got " + userK + ","
                        + itemK);
            }
        }
    }

    /**
     * What the distributed stage did.
     *
     * @param rows       rows read
     * @param duplicates rows dropped as exact duplicates of an earlier row
     * @param rounds     k-core rounds that removed something
     * @param removed    events removed by the k-core
     * @param kept       events written for the driver
     */
    public record Report(long rows, long duplicates, int rounds, long removed, long kept) {
        /** One line for the job's output. */
        public String line() {
            return String.format(Locale.ROOT, "%d rows read on the cluster, %d duplicates dropped, %d removed by the "
                    + "k-core in %d rounds, %d kept", rows, duplicates, removed, rounds, kept);
        }
    }

    /** One event as read; {@code row} is its 0-based row in the input's read order. */
    record Event(long row, String user, String item, long timestamp, String type, String value)
            implements Serializable {
    }

    /** A row's parse: the event, or the error. */
    private record Parsed(Event event, long row, String field, String reason) implements Serializable {
    }

    private SparkInput() {
    }

    /**
     * Reads {@code file} on the cluster, cleans it and writes the kept events to {@code cleaned} (a generic TSV
     * with the columns {@link #COLUMNS}, in the input's row order) for the driver's import.
     *
     * @return the report and, by line of {@code cleaned} (2, 3, ...), the input row each came from
     * @throws DataFormatException naming the file, the row and the column of the first bad rows
     */
    public static Cleaned clean(SparkSession spark, Path file, Options options, Path cleaned) throws IOException {
        org.apache.spark.sql.Dataset<Row> df = options.format() == Format.CSV
                ? spark.read().option("header", "true").option("inferSchema", "false").csv(file.toString())
                : spark.read().parquet(file.toString());
        Map<String, String> names = resolve(df.columns(), options.columns(), file);
        List<String> selected = new ArrayList<>();
        for (String c : COLUMNS) {
            selected.add(names.get(c));
        }
        boolean csv = options.format() == Format.CSV;
        JavaRDD<Parsed> parsed = df.javaRDD().zipWithIndex().map(t -> parse(t._1(), t._2(), selected)).cache();
        long rows = parsed.count();
        List<Parsed> bad = parsed.filter(p -> p.event() == null).takeOrdered(1, new RowOrder());
        if (!bad.isEmpty()) {
            Parsed p = bad.get(0);
            throw new DataFormatException(file, csv ? p.row() + 2 : p.row() + 1, p.field(), p.reason());
        }
        JavaRDD<Event> events = parsed.map(Parsed::event);
        // dedupe: the first row of each (user, item, timestamp, type)
        JavaRDD<Event> unique = events.mapToPair(e -> new Tuple2<>(List.of(e.user(), e.item(),
                        Long.toString(e.timestamp()), e.type()), e))
                .reduceByKey((a, b) -> a.row() <= b.row() ? a : b).values().cache();
        long afterDedupe = unique.count();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Event> core = unique;
        int rounds = 0;
        while (options.userK() > 1 || options.itemK() > 1) {
            Set<String> fewUsers = few(core.mapToPair(e -> new Tuple2<>(e.user(), 1L)), options.userK());
            Set<String> fewItems = few(core.mapToPair(e -> new Tuple2<>(e.item(), 1L)), options.itemK());
            if (fewUsers.isEmpty() && fewItems.isEmpty()) {
                break;
            }
            Broadcast<Set<String>> u = jsc.broadcast(fewUsers);
            Broadcast<Set<String>> i = jsc.broadcast(fewItems);
            JavaRDD<Event> next = core.filter(e -> !u.value().contains(e.user()) && !i.value().contains(e.item()))
                    .cache();
            next.count();
            if (core != unique) {
                core.unpersist();
            }
            core = next;
            rounds++;
        }
        List<Event> kept = new ArrayList<>(core.collect());
        kept.sort((a, b) -> Long.compare(a.row(), b.row()));
        unique.unpersist();
        parsed.unpersist();
        long[] origin = new long[kept.size()];
        try (BufferedWriter w = Files.newBufferedWriter(cleaned, StandardCharsets.UTF_8)) {
            w.write(String.join("\t", COLUMNS));
            w.newLine();
            for (int k = 0; k < kept.size(); k++) {
                Event e = kept.get(k);
                origin[k] = csv ? e.row() + 2 : e.row() + 1;
                w.write(e.user() + "\t" + e.item() + "\t" + e.timestamp() + "\t" + e.type() + "\t" + e.value());
                w.newLine();
            }
        }
        return new Cleaned(cleaned, new Report(rows, rows - afterDedupe, rounds, afterDedupe - kept.size(),
                kept.size()), origin);
    }

    /**
     * The cleaned file, the report, and the input row of each of the file's events.
     *
     * @param file   the cleaned generic TSV
     * @param report what the distributed stage did
     * @param origin for the cleaned file's line {@code l} (2 for the first event), the input's line or row
     *               {@code origin[l - 2]}
     */
    public record Cleaned(Path file, Report report, long[] origin) {
        /** An error of the driver's import of the cleaned file, reported against the input's row. */
        public DataFormatException located(Path input, DataFormatException e) {
            if (!file.equals(e.file()) || e.line() < 2 || e.line() - 2 >= origin.length) {
                return e;
            }
            return new DataFormatException(input, origin[(int) (e.line() - 2)], e.field(), e.reason());
        }
    }

    /** Orders parse errors by row. */
    private static final class RowOrder implements java.util.Comparator<Parsed>, Serializable {
        @Override
        public int compare(Parsed a, Parsed b) {
            return Long.compare(a.row(), b.row());
        }
    }

    private static Set<String> few(JavaPairRDD<String, Long> ones, int k) {
        if (k <= 1) {
            return Set.of();
        }
        return new HashSet<>(ones.reduceByKey(Long::sum).filter(t -> t._2() < k).keys().collect());
    }

    /** The input's column for each canonical name (null when absent); user and item are required. */
    static Map<String, String> resolve(String[] columns, Map<String, String> given, Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> g : given.entrySet()) {
            boolean found = false;
            for (String c : columns) {
                found |= c.equals(g.getValue());
            }
            if (!found) {
                throw new DataFormatException(file, 1, g.getValue(), "no such column (the file has "
                        + String.join(", ", columns) + ")");
            }
            out.put(g.getKey(), g.getValue());
        }
        for (String c : columns) {
            String canonical = io.whyrec.core.data.ImportFormat.genericColumn(c);
            if (canonical != null && !out.containsKey(canonical)) {
                out.put(canonical, c);
            }
        }
        for (String required : List.of("user", "item")) {
            if (!out.containsKey(required)) {
                throw new DataFormatException(file, 1, required, "no " + required + " column (the file has "
                        + String.join(", ", columns) + "; name it with --columns " + required + "=NAME)");
            }
        }
        return out;
    }

    private static Parsed parse(Row r, long row, List<String> cols) {
        String user = text(r, cols.get(0));
        String item = text(r, cols.get(1));
        for (String[] id : new String[][]{{"user", user}, {"item", item}}) {
            String problem = InputRules.idProblem(id[1] == null ? null : id[1].strip());
            if (problem != null) {
                return new Parsed(null, row, cols.get(id[0].equals("user") ? 0 : 1), problem);
            }
        }
        long ts = row;
        String t = text(r, cols.get(2));
        if (t != null && !t.isBlank()) {
            try {
                ts = Long.parseLong(t.strip());
            } catch (NumberFormatException e) {
                return new Parsed(null, row, cols.get(2), "bad timestamp '" + t + "' (whole epoch seconds)");
            }
        }
        String type = text(r, cols.get(3));
        type = type == null || type.isBlank() ? "interaction" : type.strip();
        String problem = InputRules.idProblem(type);
        if (problem != null) {
            return new Parsed(null, row, cols.get(3), problem);
        }
        String v = text(r, cols.get(4));
        String value = "1";
        if (v != null && !v.isBlank()) {
            value = v.strip();
            double x;
            try {
                x = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return new Parsed(null, row, cols.get(4), "not a number: '" + v + "'");
            }
            if (!Double.isFinite(x) || !Float.isFinite((float) x)) {
                return new Parsed(null, row, cols.get(4), "not a finite number: '" + v + "'");
            }
        }
        // the value goes to the driver's import as written, so it is parsed there exactly as a local import would
        return new Parsed(new Event(row, user.strip(), item.strip(), ts, type, value), row, null, null);
    }

    /** The value of a column as text (null when the column is absent or the cell is null). */
    private static String text(Row r, String column) {
        if (column == null) {
            return null;
        }
        Object o = r.get(r.fieldIndex(column));
        return o == null ? null : o.toString();
    }
}
