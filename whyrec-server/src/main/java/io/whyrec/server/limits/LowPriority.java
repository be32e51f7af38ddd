package io.whyrec.server.limits;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Lowers the scheduling priority of the calling thread, relative to the process's, where the operating system lets
 * a process do so: on Linux, where every Java thread is a kernel task, by raising its nice value with
 * {@code renice} on the task's id (read from {@code /proc/thread-self}). Java has no portable call for this, and
 * {@link Thread#setPriority} is ignored by the JVM on Linux unless it is started with
 * {@code -XX:ThreadPriorityPolicy=1}, which as root would also raise every other thread to nice 0, out of the
 * process's own nice value. Raising one's own nice value needs no privilege. Elsewhere, or without
 * {@code renice}, nothing changes and the call says so.
 */
public final class LowPriority {

    private LowPriority() {
    }

    /** The calling thread's nice value, or null where it cannot be read. */
    public static Integer nice() {
        try {
            String stat = Files.readString(ThreadTask.SELF.resolve("stat"));
            // the fields after the command name, which may hold spaces, start with field 3 (state); nice is 19
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(f[19 - 3]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Raises the calling thread's nice value by {@code steps} (at most to 19).
     *
     * @return whether the thread's nice value is now the higher one
     */
    public static boolean lower(int steps) {
        Integer before = nice();
        if (before == null) {
            return false;
        }
        int target = Math.min(19, before + steps);
        Integer after = ThreadTask.run("renice", "-n", Integer.toString(target), "-p") ? nice() : null;
        return after != null && after == target;
    }
}
