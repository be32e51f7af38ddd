package io.whyrec.core.data;

import java.util.Arrays;
import java.util.List;

/**
 * Growable event columns in import order, turned into a {@link Dataset} by a stable counting sort on the user
 * and, only for users whose events are out of time order, a stable merge sort on the timestamp. This is linear for
 * the usual inputs (files already grouped by user and in time order) and avoids boxing a million indices.
 */
final class EventColumns {

    private int size;
    private int[] user = new int[1024];
    private int[] item = new int[1024];
    private long[] time = new long[1024];
    private float[] value = new float[1024];
    private short[] type = new short[1024];

    /** Appends one event. */
    void add(int u, int i, long t, float v, int ty) {
        if (size == user.length) {
            int cap = size * 2;
            user = Arrays.copyOf(user, cap);
            item = Arrays.copyOf(item, cap);
            time = Arrays.copyOf(time, cap);
            value = Arrays.copyOf(value, cap);
            type = Arrays.copyOf(type, cap);
        }
        user[size] = u;
        item[size] = i;
        time[size] = t;
        value[size] = v;
        type[size] = (short) ty;
        size++;
    }

    /** Number of events. */
    int size() {
        return size;
    }

    /** Groups the events by user, in time order then import order, over the given indices. */
    Dataset toDataset(IdIndex users, ItemCatalog catalog, List<String> eventTypes) {
        return group(users, catalog, eventTypes, user, item, time, value, type, size);
    }

    /** Groups raw columns (first {@code n} entries) into a dataset; see the class comment. */
    static Dataset group(IdIndex users, ItemCatalog catalog, List<String> eventTypes, int[] user, int[] item,
                         long[] time, float[] value, short[] type, int n) {
        int numUsers = users.size();
        int[] start = new int[numUsers + 1];
        for (int e = 0; e < n; e++) {
            start[user[e] + 1]++;
        }
        for (int u = 0; u < numUsers; u++) {
            start[u + 1] += start[u];
        }
        int[] next = Arrays.copyOf(start, numUsers);
        int[] order = new int[n];
        for (int e = 0; e < n; e++) {
            order[next[user[e]]++] = e;
        }
        int[] buffer = new int[0];
        for (int u = 0; u < numUsers; u++) {
            int from = start[u];
            int to = start[u + 1];
            boolean sorted = true;
            for (int p = from + 1; p < to && sorted; p++) {
                sorted = time[order[p - 1]] <= time[order[p]];
            }
            if (!sorted) {
                if (buffer.length < to - from) {
                    buffer = new int[to - from];
                }
                mergeSort(order, from, to, time, buffer);
            }
        }
        int[] it = new int[n];
        long[] tm = new long[n];
        float[] val = new float[n];
        short[] ty = new short[n];
        for (int p = 0; p < n; p++) {
            int e = order[p];
            it[p] = item[e];
            tm[p] = time[e];
            val[p] = value[e];
            ty[p] = type[e];
        }
        return Dataset.fromGrouped(users, catalog, eventTypes, start, it, tm, val, ty);
    }

    /** Stable merge sort of order[from, to) by time[order[.]]. */
    private static void mergeSort(int[] a, int from, int to, long[] key, int[] buf) {
        if (to - from < 2) {
            return;
        }
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= from && key[a[j]] > key[x]) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, from, mid, key, buf);
        mergeSort(a, mid, to, key, buf);
        System.arraycopy(a, from, buf, 0, mid - from);
        int i = 0;
        int iEnd = mid - from;
        int j = mid;
        int k = from;
        while (i < iEnd && j < to) {
            a[k++] = key[a[j]] < key[buf[i]] ? a[j++] : buf[i++];
        }
        while (i < iEnd) {
            a[k++] = buf[i++];
        }
    }
}
