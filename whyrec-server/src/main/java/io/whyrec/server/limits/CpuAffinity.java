package io.whyrec.server.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the calling thread on one CPU, where the operating system lets a process do so: on Linux, where every Java
 * thread is a kernel task, with {@code taskset} on the task's id (read from {@code /proc/thread-self}), within the
 * CPUs the thread may already use ({@code Cpus_allowed_list} of its status, which a container's cpuset or the
 * operator's own {@code taskset} narrows). Java has no call for this. Elsewhere, or without {@code taskset},
 * nothing changes and the call says so.
 *
 * <p>The expensive requests' threads are kept this way on CPUs of their own ({@link ExpensiveGate}): a thread that
 * stays on one CPU keeps its caches there, and the scheduler places the cheap requests' threads, which wake and
 * sleep many times per request, on the CPUs it leaves idle instead of moving the two back and forth.
 */
public final class CpuAffinity {

    private CpuAffinity() {
    }

    /** The CPUs the calling thread may run on, in ascending order, or null where they cannot be read. */
    public static List<Integer> allowed() {
        try {
            for (String line : Files.readAllLines(ThreadTask.SELF.resolve("status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return parse(line.substring("Cpus_allowed_list:".length()).trim());
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The CPUs of a Linux CPU list such as {@code 0-3,8,10-11}, in the order written.
     *
     * @throws IllegalArgumentException when the list is empty or malformed
     */
    static List<Integer> parse(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            int from;
            int to;
            try {
                from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed CPU list '" + list + "': '" + p + "'", e);
            }
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("malformed CPU list '" + list + "': range '" + p + "'");
            }
            for (int c = from; c <= to; c++) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The CPU that the {@code index}-th (from 0) of {@code threads} expensive threads keeps to: counted from the
     * end of the allowed CPUs (the first thread takes the last one), so the lower CPUs stay for everything else;
     * -1, no pinning, when the threads would take every allowed CPU (nothing would be left to the cheap requests
     * and the pinning would only bind them).
     */
    static int choose(List<Integer> allowed, int threads, int index) {
        if (threads < 1 || index < 0 || threads >= allowed.size()) {
            return -1;
        }
        return allowed.get(allowed.size() - 1 - index % threads);
    }

    /**
     * Keeps the calling thread on one CPU.
     *
     * @return whether the thread now may run on that CPU only
     */
    public static boolean pin(int cpu) {
        return ThreadTask.run("taskset", "-p", "-c", Integer.toString(cpu)) && List.of(cpu).equals(allowed());
    }
}
