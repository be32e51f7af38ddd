package io.whyrec.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A dense, immutable mapping between external string ids and indices 0..size()-1. Every array in whyrec is
 * indexed by these dense ids; the strings only appear again at the edges (reports, the CLI, the API).
 */
public final class IdIndex {

    private final List<String> ids;
    private final Map<String, Integer> index;

    private IdIndex(List<String> ids) {
        this.ids = Collections.unmodifiableList(new ArrayList<>(ids));
        this.index = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            if (index.put(ids.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate id '" + ids.get(i) + "' in index");
            }
        }
    }

    /** An index over the given ids, in the given order; ids must be distinct. */
    public static IdIndex of(List<String> ids) {
        return new IdIndex(ids);
    }

    /** Number of ids. */
    public int size() {
        return ids.size();
    }

    /** The external id of a dense index. */
    public String id(int dense) {
        return ids.get(dense);
    }

    /** The dense index of an external id, if known. */
    public OptionalInt find(String id) {
        Integer i = index.get(id);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** The dense index of an external id, or an exception naming the id and what it is. */
    public int require(String id, String what) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + id + "'");
        }
        return i;
    }

    /** All ids in dense order. */
    public List<String> ids() {
        return ids;
    }

    /** Incrementally assigns dense indices in order of first appearance, with lookup without insertion. */
    public static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        /** Returns the dense index of the id, assigning the next one if it is new. */
        public int add(String id) {
            Integer i = index.get(id);
            if (i == null) {
                i = ids.size();
                index.put(id, i);
                ids.add(id);
            }
            return i;
        }

        /** The dense index of an id, or -1 when it is unknown (never assigns one). */
        public int find(String id) {
            Integer i = index.get(id);
            return i == null ? -1 : i;
        }

        /** Number of ids so far. */
        public int size() {
            return ids.size();
        }

        /** The id of a dense index assigned so far. */
        public String id(int dense) {
            return ids.get(dense);
        }

        /** The index so far. */
        public IdIndex build() {
            return new IdIndex(ids);
        }
    }
}
