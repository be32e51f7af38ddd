package io.whyrec.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A growing id-to-dense-index table with lookup without insertion; frozen into an {@link IdIndex}. */
final class IdTable {

    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    /** The dense index of an id, assigning the next one when it is new. */
    int add(String id) {
        Integer i = index.get(id);
        if (i == null) {
            i = ids.size();
            index.put(id, i);
            ids.add(id);
        }
        return i;
    }

    /** The dense index of an id, or -1 when it is unknown. */
    int find(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /** Number of ids so far. */
    int size() {
        return ids.size();
    }

    /** The id of a dense index. */
    String id(int dense) {
        return ids.get(dense);
    }

    /** The ids so far as an immutable index. */
    IdIndex toIndex() {
        return IdIndex.of(ids);
    }
}
