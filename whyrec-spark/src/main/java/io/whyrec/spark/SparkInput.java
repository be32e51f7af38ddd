package io.whyrec.spark;

import io.whyrec.core.data.DataFormatException;
import io.whyrec.core.data.InputRules;
import io.whyrec.core.data.RatingScale;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The job's input read and checked on the cluster: an event file (CSV with a header, or Parquet) becomes a
 * DataFrame, and every row is checked on the executors by the rules of whyrec's generic importer (ids by
 * {@link InputRules}, the value a finite number, a rating inside the generic rating scale and any other value not
 * negative) and by one of its own (the timestamp whole epoch seconds). A bad row fails the job before anything is
 * written, naming the file, the row and the column. {@link SparkHistories} then groups, deduplicates and k-cores
 * the events into the users' records on the cluster.
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
     * What the cluster did with one file.
     *
     * @param rows       rows read
     * @param duplicates rows dropped as exact duplicates of an earlier row
     * @param rounds     k-core rounds that removed something
     * @param removed    events removed by the k-core
     * @param kept       events kept
     */
    public record Report(long rows, long duplicates, int rounds, long removed, long kept) {
        /** One line for the job's output. */
        public String line() {
            return String.format(Locale.ROOT, "%d rows read on the cluster, %d duplicates dropped, %d removed by the "
                    + "k-core in %d rounds, %d kept", rows, duplicates, removed, rounds, kept);
        }
    }

    /**
     * One event as read; {@code row} is its 0-based row in the input's read order, and {@code part} says whether
     * it is a training or a test event.
     */
    record Event(long row, String user, String item, long timestamp, String type, float value, Part part)
            implements Serializable {
    }

    /** A row's parse: the event, or the error. */
    private record Parsed(Event event, long row, String field, String reason) implements Serializable {
    }

    private SparkInput() {
    }

    /**
     * Reads {@code file} on the cluster and checks every row, failing on the first bad one; the events are
     * recomputed from the file by each action on the result (nothing of the file is held).
     *
     * @param part what the events are: the training part or the test part
     * @return the checked events and the number of rows read
     * @throws DataFormatException naming the file, the row and the column of the first bad row
     */
    static Read read(SparkSession spark, Path file, Options options, Part part) {
        org.apache.spark.sql.Dataset<Row> df = options.format() == Format.CSV
                ? spark.read().option("header", "true").option("inferSchema", "false").csv(file.toString())
                : spark.read().parquet(file.toString());
        Map<String, String> names = resolve(df.columns(), options.columns(), file);
        List<String> selected = new ArrayList<>();
        for (String c : COLUMNS) {
            selected.add(names.get(c));
        }
        JavaRDD<Parsed> parsed = df.javaRDD().zipWithIndex().map(t -> parse(t._1(), t._2(), selected, part));
        // one pass: the number of rows and the first bad one
        Tuple2<Long, Parsed> checked = parsed.aggregate(new Tuple2<>(0L, null),
                (acc, p) -> new Tuple2<>(acc._1() + 1, p.event() != null ? acc._2() : earlier(acc._2(), p)),
                (a, b) -> new Tuple2<>(a._1() + b._1(), earlier(a._2(), b._2())));
        if (checked._2() != null) {
            Parsed p = checked._2();
            throw new DataFormatException(file, line(options, p.row()), p.field(), p.reason());
        }
        return new Read(parsed.map(Parsed::event), checked._1());
    }

    /** The events of a file as read and checked, and the number of its rows. */
    record Read(JavaRDD<Event> events, long rows) {
    }

    /** Which part of a split a file holds: the test part's events join users of the training part. */
    enum Part {
        /** The training events. */
        TRAIN,
        /** The test events. */
        TEST
    }

    /** The file's line (CSV, after the header) or row (Parquet, from 1) of a 0-based row of the read order. */
    static long line(Options options, long row) {
        return options.format() == Format.CSV ? row + 2 : row + 1;
    }

    private static Parsed earlier(Parsed a, Parsed b) {
        if (a == null) {
            return b;
        }
        return b == null || a.row() <= b.row() ? a : b;
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

    private static Parsed parse(Row r, long row, List<String> cols, Part part) {
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
        float value = 1f;
        if (v != null && !v.isBlank()) {
            // parsed as the driver's generic importer parses it, and held to the same rules
            try {
                value = Float.parseFloat(v.strip());
            } catch (NumberFormatException e) {
                return new Parsed(null, row, cols.get(4), "not a number: '" + v + "'");
            }
            if (!Float.isFinite(value)) {
                return new Parsed(null, row, cols.get(4), "not a finite number: '" + v + "'");
            }
            String[] bad = InputRules.valueProblem(type, value, RatingScale.GENERIC_DEFAULT);
            if (bad != null) {
                return new Parsed(null, row, cols.get(4), bad[1]);
            }
        }
        return new Parsed(new Event(row, user.strip(), item.strip(), ts, type, value, part), row, null, null);
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
