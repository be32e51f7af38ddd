package io.whyrec.spark;

import io.whyrec.api.Item;
import io.whyrec.core.data.DataFormatException;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.data.Importer;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The users' records built on the cluster from the rows Spark read ({@link SparkInput}), without the events
 * passing through the driver. The training and test rows are grouped by user in one shuffle; within each user
 * and part, exact duplicates of (item, timestamp, event type) are dropped keeping the first row; the training
 * part is k-cored round by round; and the indices are those whyrec-core's importer would give the kept rows in
 * row order: users and event types in order of first appearance (training rows, then test rows for the types),
 * items in order of first appearance in the training rows, then in the test rows, then the items file's other
 * items in its order. A test row whose item has no training event is dropped and counted; a test row of a user
 * without training events is an error naming its file and line, as the importer's "unknown user".
 *
 * <p>The driver receives only what is small: one first-row number per user (8 bytes each, for the user
 * indices), the item and event-type ids, the per-item user counts and a few totals. The records are
 * {@link UserEvents}, the same the driver's import gives ({@link JobData#of}).
 */
final class SparkHistories {

    private SparkHistories() {
    }

    /**
     * Reads, checks, deduplicates and k-cores the training file (and the test file, not k-cored) on the cluster
     * and groups the kept events into the users' records.
     *
     * @param itemsFile  an items file read on the driver for the catalogue ({@link Importer#readCatalogue}), or null
     * @param partitions partitions of the grouped records
     * @param err        receives one line per file on what the cluster did
     * @throws DataFormatException naming file:line of the first bad row, of the first test row of an unknown user,
     *                             or the training file when no event is left
     */
    static JobData build(SparkSession spark, SparkInput.Options input, Path trainFile, Path testFile, Path itemsFile,
                         int partitions, PrintStream err) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SparkInput.Read train = SparkInput.read(spark, trainFile, input, SparkInput.Part.TRAIN);
        SparkInput.Options testInput = new SparkInput.Options(input.format(), input.columns(), 1, 1);
        SparkInput.Read test = testFile == null ? null
                : SparkInput.read(spark, testFile, testInput, SparkInput.Part.TEST);
        JavaRDD<SparkInput.Event> events = test == null ? train.events() : train.events().union(test.events());
        JavaRDD<UserRows> grouped = events.mapToPair(e -> new Tuple2<>(e.user(), e)).groupByKey(partitions)
                .mapPartitions(it -> {
                    Map<String, String> shared = new HashMap<>();
                    List<UserRows> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<String, Iterable<SparkInput.Event>> t = it.next();
                        out.add(UserRows.of(t._1(), t._2(), shared));
                    }
                    return out.iterator();
                }).persist(StorageLevel.MEMORY_AND_DISK());
        long[] kept = keptCounts(grouped);
        long trainDuplicates = train.rows() - kept[0];
        long testDuplicates = test == null ? 0 : test.rows() - kept[1];

        // the k-core of the training part: users and items with too few events lose them, round by round
        int rounds = 0;
        JavaRDD<UserRows> core = grouped;
        List<Broadcast<?>> held = new ArrayList<>();
        while (input.userK() > 1 || input.itemK() > 1) {
            int userK = input.userK();
            Set<String> fewItems = new HashSet<>();
            if (input.itemK() > 1) {
                int itemK = input.itemK();
                fewItems.addAll(core.flatMapToPair(r -> {
                    List<Tuple2<String, Long>> out = new ArrayList<>(r.items().length);
                    for (String item : r.items()) {
                        out.add(new Tuple2<>(item, 1L));
                    }
                    return out.iterator();
                }).reduceByKey(Long::sum).filter(c -> c._2() < itemK).keys().collect());
            }
            long fewUsers = userK > 1 ? core.filter(r -> r.items().length > 0 && r.items().length < userK).count() : 0;
            if (fewItems.isEmpty() && fewUsers == 0) {
                break;
            }
            Broadcast<Set<String>> few = jsc.broadcast(fewItems);
            held.add(few);
            JavaRDD<UserRows> next = core.map(r -> r.items().length < userK ? r.withoutTraining()
                    : r.withoutItems(few.value())).persist(StorageLevel.MEMORY_AND_DISK());
            next.count();
            if (core != grouped) {
                core.unpersist();
            }
            core = next;
            rounds++;
        }
        long trainKept = keptCounts(core)[0];
        err.println("whyrec spark: " + trainFile.getFileName() + ": " + new SparkInput.Report(train.rows(),
                trainDuplicates, rounds, kept[0] - trainKept, trainKept).line());
        if (trainKept == 0) {
            throw new DataFormatException(trainFile, "no usable interaction rows", null);
        }

        // a test row of a user the training part does not have is the importer's "unknown user"
        List<Tuple2<Long, String>> unknown = core.filter(r -> r.items().length == 0 && r.testItems().length > 0)
                .map(r -> new Tuple2<>(r.testRows()[0], r.user())).takeOrdered(1, new FirstRow());
        if (!unknown.isEmpty()) {
            Tuple2<Long, String> u = unknown.get(0);
            throw new DataFormatException(testFile, SparkInput.line(testInput, u._1()), "user", "unknown user '"
                    + u._2() + "': not in the train file " + trainFile);
        }
        JavaRDD<UserRows> known = core.filter(r -> r.items().length > 0);

        // the indices, in order of first appearance
        long[] firstRows = known.map(r -> r.rows()[0]).collect().stream().mapToLong(Long::longValue).sorted()
                .toArray();
        List<String> itemIds = new ArrayList<>(firstAppearance(known, false, false));
        int trainItems = itemIds.size();
        Set<String> listed = new HashSet<>(itemIds);
        for (String id : firstAppearance(known, true, false)) {
            if (listed.add(id)) {
                itemIds.add(id);
            }
        }
        Map<String, Item> meta = itemsFile == null ? new LinkedHashMap<>() : Importer.readCatalogue(itemsFile);
        for (String id : meta.keySet()) {
            if (listed.add(id)) {
                itemIds.add(id);
            }
        }
        List<String> types = new ArrayList<>(firstAppearance(known, false, true));
        for (String type : firstAppearance(known, true, true)) {
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(itemIds), meta);
        CatalogSnapshot snapshot = CatalogSnapshot.of(catalog, types, UUID.randomUUID().toString());

        Broadcast<long[]> userOrder = jsc.broadcast(firstRows);
        Broadcast<Map<String, Integer>> itemIndex = jsc.broadcast(index(itemIds));
        Broadcast<Map<String, Integer>> typeIndex = jsc.broadcast(index(types));
        held.addAll(List.of(userOrder, itemIndex, typeIndex));
        JavaRDD<UserEvents> users = known.map(r -> r.toRecord(Arrays.binarySearch(userOrder.value(), r.rows()[0]),
                itemIndex.value(), typeIndex.value(), trainItems)).persist(StorageLevel.MEMORY_AND_DISK());
        int n = itemIds.size();
        List<String> typeNames = List.copyOf(types);
        JobData.Totals totals = users.aggregate(new JobData.Totals(n), (acc, r) -> acc.add(r, typeNames),
                JobData.Totals::merge);
        if (test != null) {
            long testKept = users.map(r -> (long) r.testItems().length).reduce(Long::sum);
            err.println("whyrec spark: " + testFile.getFileName() + ": " + new SparkInput.Report(test.rows(),
                    testDuplicates, 0, 0, kept[1]).line() + ", " + (kept[1] - testKept)
                    + " of them dropped (their item has no training event)");
        }
        if (core != grouped) {
            core.unpersist();
        }
        grouped.unpersist();
        BitSet candidates = new BitSet(n);
        candidates.set(0, trainItems);
        return new JobData(snapshot, users, candidates, totals.itemUsers, totals.activeUsers, totals.events,
                io.whyrec.core.data.Dataset.fingerprint(itemIds, totals.hashSum), test != null,
                held);
    }

    /** The kept training and test events of the grouped records. */
    private static long[] keptCounts(JavaRDD<UserRows> rows) {
        return rows.map(r -> new long[]{r.items().length, r.testItems().length})
                .reduce((a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
    }

    /** The item (or event-type) ids of one part in order of their first row. */
    private static List<String> firstAppearance(JavaRDD<UserRows> rows, boolean test, boolean types) {
        List<Tuple2<String, Long>> first = rows.flatMapToPair(r -> {
            String[] ids = types ? (test ? r.testTypes() : r.types()) : (test ? r.testItems() : r.items());
            long[] at = test ? r.testRows() : r.rows();
            List<Tuple2<String, Long>> out = new ArrayList<>(ids.length);
            for (int e = 0; e < ids.length; e++) {
                out.add(new Tuple2<>(ids[e], at[e]));
            }
            return out.iterator();
        }).reduceByKey(Math::min).collect();
        List<Tuple2<String, Long>> sorted = new ArrayList<>(first);
        sorted.sort(Comparator.comparingLong(Tuple2::_2));
        List<String> out = new ArrayList<>(sorted.size());
        for (Tuple2<String, Long> t : sorted) {
            out.add(t._1());
        }
        return out;
    }

    private static HashMap<String, Integer> index(List<String> ids) {
        HashMap<String, Integer> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), i);
        }
        return out;
    }

    /** Orders (row, id) pairs by row. */
    private static final class FirstRow implements Comparator<Tuple2<Long, String>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<Long, String> a, Tuple2<Long, String> b) {
            return Long.compare(a._1(), b._1());
        }
    }

    /**
     * One user's kept rows, each part in row order: the training events' items, rows, timestamps, types and
     * values, and the test events' items, rows, timestamps and types. Item and type ids are shared instances
     * within a partition, so a record costs about 30 bytes per event.
     */
    record UserRows(String user, String[] items, long[] rows, long[] times, String[] types, float[] values,
                    String[] testItems, long[] testRows, long[] testTimes, String[] testTypes)
            implements Serializable {

        /** The user's rows of both parts, deduplicated within each part (the first row of a repeat is kept). */
        static UserRows of(String user, Iterable<SparkInput.Event> events, Map<String, String> shared) {
            List<SparkInput.Event> train = new ArrayList<>();
            List<SparkInput.Event> test = new ArrayList<>();
            for (SparkInput.Event e : events) {
                (e.part() == SparkInput.Part.TRAIN ? train : test).add(e);
            }
            train = firstOfEach(train);
            test = firstOfEach(test);
            int n = train.size();
            String[] items = new String[n];
            long[] rows = new long[n];
            long[] times = new long[n];
            String[] types = new String[n];
            float[] values = new float[n];
            for (int e = 0; e < n; e++) {
                SparkInput.Event ev = train.get(e);
                items[e] = shared.computeIfAbsent(ev.item(), x -> x);
                rows[e] = ev.row();
                times[e] = ev.timestamp();
                types[e] = shared.computeIfAbsent(ev.type(), x -> x);
                values[e] = ev.value();
            }
            int m = test.size();
            String[] testItems = new String[m];
            long[] testRows = new long[m];
            long[] testTimes = new long[m];
            String[] testTypes = new String[m];
            for (int e = 0; e < m; e++) {
                SparkInput.Event ev = test.get(e);
                testItems[e] = shared.computeIfAbsent(ev.item(), x -> x);
                testRows[e] = ev.row();
                testTimes[e] = ev.timestamp();
                testTypes[e] = shared.computeIfAbsent(ev.type(), x -> x);
            }
            return new UserRows(user, items, rows, times, types, values, testItems, testRows, testTimes, testTypes);
        }

        /** The events in row order, without exact repeats of (item, timestamp, type). */
        private static List<SparkInput.Event> firstOfEach(List<SparkInput.Event> events) {
            events.sort(Comparator.comparingLong(SparkInput.Event::row));
            Set<String> seen = new HashSet<>();
            List<SparkInput.Event> out = new ArrayList<>(events.size());
            for (SparkInput.Event e : events) {
                // ids cannot hold U+0000 (InputRules), so the joined key is unambiguous
                if (seen.add(e.item() + '\u0000' + e.timestamp() + '\u0000' + e.type())) {
                    out.add(e);
                }
            }
            return out;
        }

        /** The record without its training events (a user the k-core removes). */
        UserRows withoutTraining() {
            return new UserRows(user, new String[0], new long[0], new long[0], new String[0], new float[0],
                    testItems, testRows, testTimes, testTypes);
        }

        /** The record without the training events of some items. */
        UserRows withoutItems(Set<String> few) {
            if (few.isEmpty()) {
                return this;
            }
            int n = 0;
            for (String item : items) {
                n += few.contains(item) ? 0 : 1;
            }
            if (n == items.length) {
                return this;
            }
            String[] it = new String[n];
            long[] ro = new long[n];
            long[] ti = new long[n];
            String[] ty = new String[n];
            float[] va = new float[n];
            int p = 0;
            for (int e = 0; e < items.length; e++) {
                if (!few.contains(items[e])) {
                    it[p] = items[e];
                    ro[p] = rows[e];
                    ti[p] = times[e];
                    ty[p] = types[e];
                    va[p++] = values[e];
                }
            }
            return new UserRows(user, it, ro, ti, ty, va, testItems, testRows, testTimes, testTypes);
        }

        /**
         * The executors' record: training events in the dataset's order (timestamp, then row), test items in
         * the same order and only those with training events (dense items below {@code trainItems}).
         */
        UserEvents toRecord(int dense, Map<String, Integer> itemIndex, Map<String, Integer> typeIndex,
                            int trainItems) {
            Integer[] order = byTime(times, items.length);
            int n = items.length;
            int[] it = new int[n];
            long[] ti = new long[n];
            float[] va = new float[n];
            short[] ty = new short[n];
            for (int p = 0; p < n; p++) {
                int e = order[p];
                it[p] = itemIndex.get(items[e]);
                ti[p] = times[e];
                va[p] = values[e];
                ty[p] = (short) (int) typeIndex.get(types[e]);
            }
            Integer[] testOrder = byTime(testTimes, testItems.length);
            int[] test = new int[testItems.length];
            int m = 0;
            for (int e : testOrder) {
                int item = itemIndex.get(testItems[e]);
                if (item < trainItems) {
                    test[m++] = item;
                }
            }
            return new UserEvents(dense, user, it, ti, va, ty, Arrays.copyOf(test, m));
        }

        /** Positions 0..n-1 stably sorted by time (the rows are in row order already). */
        private static Integer[] byTime(long[] times, int n) {
            Integer[] order = new Integer[n];
            for (int e = 0; e < n; e++) {
                order[e] = e;
            }
            Arrays.sort(order, Comparator.comparingLong(e -> times[e]));
            return order;
        }
    }
}
