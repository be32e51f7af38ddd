package io.whyrec.spark;

import io.whyrec.core.data.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * What the job runs on: one record per user spread over the cluster, and the few facts about the whole training
 * part that the driver keeps. It comes either from a dataset the driver imported ({@link #of}) or from the rows
 * Spark read and grouped on the cluster ({@link SparkHistories#build}); for the same events the two hold the
 * same records and facts, so everything after it runs one way.
 *
 * @param snapshot    the catalogue and event types, as the executors rebuild them
 * @param users       every user with training or test events, cached
 * @param candidates  the items with training events (the items a full ranking ranks)
 * @param itemUsers   for each item, the number of users with a training event of it
 * @param activeUsers the number of users with training events
 * @param numEvents   the number of training events
 * @param fingerprint the training part's {@link Dataset#fingerprint()}, which model files record
 * @param hasTest     whether the records carry a test part
 * @param held        the broadcasts the records were computed with, destroyed by {@link #release} (a task of
 *                    the records' lineage carries them, so they live as long as the records)
 */
record JobData(CatalogSnapshot snapshot, JavaRDD<UserEvents> users, BitSet candidates, int[] itemUsers,
               int activeUsers, long numEvents, long fingerprint, boolean hasTest, List<Broadcast<?>> held) {

    /**
     * The records of a dataset the driver holds (and its test part sharing the indices, or null), parallelised
     * over {@code partitions}.
     *
     * @throws IllegalArgumentException when the test part does not share train's indices
     */
    static JobData of(JavaSparkContext jsc, Dataset train, Dataset test, int partitions) {
        if (test != null && (test.numUsers() != train.numUsers() || test.numItems() != train.numItems())) {
            throw new IllegalArgumentException("test part has " + test.numUsers() + " users x " + test.numItems()
                    + " items but train has " + train.numUsers() + " x " + train.numItems()
                    + "; both parts must share the indices");
        }
        List<UserEvents> records = new ArrayList<>();
        for (int u = 0; u < train.numUsers(); u++) {
            if (train.userSize(u) > 0 || (test != null && test.userSize(u) > 0)) {
                records.add(UserEvents.of(train, test, u));
            }
        }
        JavaRDD<UserEvents> users = jsc.parallelize(records, partitions).persist(StorageLevel.MEMORY_AND_DISK());
        users.count();
        Totals totals = new Totals(train.numItems());
        for (UserEvents r : records) {
            totals.add(r);
        }
        return new JobData(CatalogSnapshot.of(train, UUID.randomUUID().toString()), users, train.itemsWithEvents(),
                totals.itemUsers, train.activeUsers().length, train.numEvents(), train.fingerprint(), test != null, List.of());
    }

    /** Number of items in the catalogue. */
    int numItems() {
        return snapshot.size();
    }

    /** Drops the cached records, the broadcasts they were computed with and the rebuilt catalogue on the driver. */
    void release() {
        users.unpersist();
        for (Broadcast<?> b : held) {
            b.destroy();
        }
        snapshot.release();
    }

    /**
     * The per-item user counts, the event count and the sum of the events' {@link Dataset#eventHash} terms over
     * a set of records, added record by record and merged over partitions.
     */
    static final class Totals implements Serializable {
        private static final long serialVersionUID = 1L;
        final int[] itemUsers;
        long events;
        long hashSum;
        int activeUsers;

        Totals(int numItems) {
            this.itemUsers = new int[numItems];
        }

        /** Adds a record's training events (and, with the event types, their fingerprint terms). */
        Totals add(UserEvents r, List<String> eventTypes) {
            add(r);
            for (int t = 0; t < r.size(); t++) {
                hashSum += Dataset.eventHash(r.id(), r.items()[t], r.times()[t], eventTypes.get(r.types()[t]),
                        r.values()[t]);
            }
            return this;
        }

        private void add(UserEvents r) {
            if (r.size() == 0) {
                return;
            }
            activeUsers++;
            events += r.size();
            BitSet seen = new BitSet();
            for (int item : r.items()) {
                if (!seen.get(item)) {
                    seen.set(item);
                    itemUsers[item]++;
                }
            }
        }

        /** This and another partition's totals. */
        Totals merge(Totals other) {
            for (int i = 0; i < itemUsers.length; i++) {
                itemUsers[i] += other.itemUsers[i];
            }
            events += other.events;
            hashSum += other.hashSum;
            activeUsers += other.activeUsers;
            return this;
        }
    }
}
