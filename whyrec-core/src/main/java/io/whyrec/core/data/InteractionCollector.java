package io.whyrec.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Collects interaction rows from the readers into train and (optionally) test columns over shared id tables.
 * Train rows define users and items. Test rows must name a user already known from train (otherwise the row is
 * rejected as "unknown user"); a test row whose item never occurs in train is dropped and counted, and the item
 * still gets an index (after the train items), so the catalogue can describe it.
 */
final class InteractionCollector {

    final IdIndex.Builder users = new IdIndex.Builder();
    final IdIndex.Builder items = new IdIndex.Builder();
    final IdIndex.Builder types = new IdIndex.Builder();
    final EventColumns train = new EventColumns();
    final EventColumns test = new EventColumns();
    final RowErrors errors;
    final RatingScale ratingScale;

    private final BitSet trainItems = new BitSet();
    private final BitSet droppedItems = new BitSet();
    private int[] trainCount = new int[64];
    private boolean testMode;
    private Path trainFile;
    private long rowsRead;
    private long droppedTestRows;

    InteractionCollector(RowErrors errors, RatingScale ratingScale) {
        this.errors = errors;
        this.ratingScale = ratingScale;
    }

    /**
     * Checks the ids of a row against {@link InputRules} before anything of it is stored, rejecting the row
     * through the policy ("bad id", naming the field) when one breaks them.
     *
     * @param fields the field names, in the order of {@code ids}
     * @param ids    the ids; a null entry (an absent optional field) is not checked
     * @return whether every id is valid
     */
    boolean validIds(Path file, long line, String[] fields, String... ids) {
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] == null) {
                continue;
            }
            String problem = InputRules.idProblem(ids[k]);
            if (problem != null) {
                errors.reject(file, line, fields[k], "bad id", problem);
                return false;
            }
        }
        return true;
    }

    /**
     * Checks an event's value: a rating (type {@code rating}, any case) must lie in the request's rating scale,
     * any other value must not be negative (counts, dwell seconds and flags never are). Rejects the row through
     * the policy otherwise ("rating out of scale", "negative value").
     *
     * @return whether the value is acceptable
     */
    boolean validValue(Path file, long line, String field, String type, double value) {
        String[] problem = InputRules.valueProblem(type, (float) value, ratingScale);
        if (problem != null) {
            errors.reject(file, line, field, problem[0], problem[1]);
            return false;
        }
        return true;
    }

    /** Switches to the test part; every later row goes to test. */
    void startTest(Path trainFile) {
        this.testMode = true;
        this.trainFile = trainFile;
    }

    /** Whether rows now go to the test part. */
    boolean testMode() {
        return testMode;
    }

    /** Counts rows read (the readers count every data row they see, good or bad). */
    void countRead(long n) {
        rowsRead += n;
    }

    /** Rejects a row: thrown or skipped by the policy. */
    void bad(Path file, long line, String field, String category, String reason) {
        errors.reject(file, line, field, category, reason);
    }

    /**
     * Resolves a user id: in train it is added; in test it must be known, otherwise the row is rejected
     * through the policy and -1 is returned. Does not count a row.
     */
    int user(String id, Path file, long line, String field) {
        if (!testMode) {
            int u = users.add(id);
            if (u >= trainCount.length) {
                trainCount = Arrays.copyOf(trainCount, Math.max(u + 1, trainCount.length * 2));
            }
            return u;
        }
        int u = users.find(id);
        if (u < 0) {
            errors.reject(file, line, field, "unknown user",
                    "unknown user '" + id + "': not in the train file " + trainFile);
        }
        return u;
    }

    /** Number of train events of a user so far (the next position-based timestamp of user-items files). */
    int trainCount(int u) {
        return u < trainCount.length ? trainCount[u] : 0;
    }

    /**
     * Adds one row for an already resolved user; drops test rows whose item is not in train. A row of a new event
     * type beyond the {@value Short#MAX_VALUE}th is rejected ("too many event types").
     */
    void row(Path file, long line, int u, String itemId, long time, String type, float value) {
        if (types.find(type) < 0 && types.size() >= Short.MAX_VALUE) {
            errors.reject(file, line, "event_type", "too many event types", "a new event type '" + type
                    + "' after " + Short.MAX_VALUE + " distinct ones");
            return;
        }
        int i = items.add(itemId);
        int t = types.add(type);
        if (!testMode) {
            trainItems.set(i);
            trainCount[u]++;
            train.add(u, i, time, value, t);
        } else if (!trainItems.get(i)) {
            droppedTestRows++;
            droppedItems.set(i);
        } else {
            test.add(u, i, time, value, t);
        }
    }

    /** Rows read so far, bad ones included. */
    long rowsRead() {
        return rowsRead;
    }

    /** Test rows dropped for an item not in train. */
    long droppedTestRows() {
        return droppedTestRows;
    }

    /** Distinct items behind the dropped test rows. */
    int droppedTestItems() {
        return droppedItems.cardinality();
    }
}
