package io.whyrec.core.model;

import java.util.Locale;

/**
 * The heap check that model fits run before they allocate: a fit states the bytes it will need and is refused
 * with a {@link ModelTooLargeException} when the heap cannot give them, instead of failing half-way with an
 * {@link OutOfMemoryError} after minutes of work.
 */
public final class HeapCheck {

    private HeapCheck() {
    }

    /**
     * Bytes the heap can still give: the maximum heap less what live objects use. Garbage counts as used until a
     * collection, so when the first estimate is short a collection is requested and the figure taken again.
     *
     * @param wanted the bytes the caller wants; a collection is only requested when the first estimate is smaller
     */
    public static long available(long wanted) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (free < wanted) {
            System.gc();
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        return free;
    }

    /** Whether the heap can give {@code bytes} now. */
    public static boolean fits(long bytes) {
        return available(bytes) >= bytes;
    }

    /**
     * Refuses a fit that does not fit in the heap.
     *
     * @param what  the model and its form, e.g. "ease (dense double, 23,700 items)"
     * @param bytes the bytes the fit will allocate
     * @param hint  what the user can do instead (may be empty)
     * @throws ModelTooLargeException with a one-line message naming the need and the heap
     */
    public static void require(String what, long bytes, String hint) {
        long free = available(bytes);
        if (free < bytes) {
            throw new ModelTooLargeException(String.format(Locale.ROOT,
                    "%s needs %s of heap, this JVM has %s free of a %s maximum (-Xmx)%s", what, gb(bytes), gb(free),
                    gb(Runtime.getRuntime().maxMemory()), hint == null || hint.isEmpty() ? "" : "; " + hint),
                    bytes, free);
        }
    }

    /** A byte count in GB (10^9 bytes) with two decimals, or MB below 1 GB. */
    public static String gb(long bytes) {
        return bytes >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
