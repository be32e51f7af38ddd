package io.whyrec.spark;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One user's record as the executors see it: the user's training events in the dataset's order (time, then
 * import order) and the items of the user's test events. It is rebuilt into a one-user {@link Dataset} on the
 * executor, so whyrec-core's history and profile code runs on exactly the events it runs on in one process.
 *
 * @param user      the dense user index of the whole dataset
 * @param id        the user's external id
 * @param items     dense item of each training event
 * @param times     timestamp of each training event, seconds since the epoch
 * @param values    value of each training event
 * @param types     event-type index of each training event (into the dataset's event types)
 * @param testItems dense items of the user's test events (empty without a test part)
 */
record UserEvents(int user, String id, int[] items, long[] times, float[] values, short[] types, int[] testItems)
        implements Serializable {

    /** The user's record from the train and test parts of a split (test may be null). */
    static UserEvents of(Dataset train, Dataset test, int user) {
        int from = train.userStart(user);
        int to = train.userEnd(user);
        int[] testItems = new int[0];
        if (test != null) {
            testItems = Arrays.copyOfRange(test.itemArray(), test.userStart(user), test.userEnd(user));
        }
        return new UserEvents(user, train.users().id(user),
                Arrays.copyOfRange(train.itemArray(), from, to), Arrays.copyOfRange(train.timeArray(), from, to),
                Arrays.copyOfRange(train.valueArray(), from, to), Arrays.copyOfRange(train.typeArray(), from, to),
                testItems);
    }

    /** Number of training events. */
    int size() {
        return items.length;
    }

    /**
     * A dataset holding this user alone (dense user 0) over the shared catalogue: the history and profile code
     * of whyrec-core reads it as it reads the user's rows of the whole dataset.
     */
    Dataset asDataset(ItemCatalog catalog, List<String> eventTypes) {
        return Dataset.fromGrouped(IdIndex.of(List.of(id)), catalog, eventTypes, new int[]{0, items.length},
                items, times, values, types);
    }
}
