package io.whyrec.server.limits;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bounds how many expensive requests are computed at once, so that they cannot take every core from the cheap
 * ones (lists without explanations, profiles, exact explanations), which never pass through it. An expensive
 * request waits for a permit in arrival order (a fair semaphore) for at most the configured time and is refused
 * when none came free, so a crowd of expensive requests queues briefly and is then turned away instead of piling
 * up threads. The admitted ones are computed on the gate's own threads, one per permit, whose scheduling priority
 * is lowered by {@value #NICE_STEPS} nice steps below the process's ({@link LowPriority}, on Linux): when a cheap
 * request's thread and an expensive one want the same core, the scheduler gives the cheap one about 90% of it
 * (weights 1024 against 110 at nice 0 and 10) and wakes it sooner; on an otherwise idle core the expensive one
 * runs at full speed. While there are fewer permits than CPUs the process may use, each of these threads also
 * keeps to a CPU of its own, the last ones of the allowed set ({@link CpuAffinity}): the cheap requests' threads
 * then find the other CPUs idle and stay there, instead of being moved back and forth with an expensive thread
 * and finding their caches filled by its work.
 */
public final class ExpensiveGate implements AutoCloseable {

    /** Nice steps the gate's threads run below the process. */
    static final int NICE_STEPS = 10;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExpensiveGate.class);

    private final Semaphore permits;
    private final int size;
    private final long waitMillis;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final java.util.concurrent.ExecutorService threads;

    /**
     * @param permits    expensive requests computed at once, >= 1
     * @param waitMillis longest wait for a permit, >= 0
     */
    public ExpensiveGate(int permits, long waitMillis) {
        if (permits < 1 || waitMillis < 0) {
            throw new IllegalArgumentException("permits " + permits + " must be >= 1 and waitMillis " + waitMillis
                    + " >= 0");
        }
        this.permits = new Semaphore(permits, true);
        this.size = permits;
        this.waitMillis = waitMillis;
        AtomicLong n = new AtomicLong();
        this.threads = java.util.concurrent.Executors.newFixedThreadPool(permits, r -> {
            int index = (int) (n.getAndIncrement() % permits);
            Thread t = new Thread(() -> {
                boolean lowered = LowPriority.lower(NICE_STEPS);
                List<Integer> cpus = CpuAffinity.allowed();
                int cpu = cpus == null ? -1 : CpuAffinity.choose(cpus, permits, index);
                boolean pinned = cpu >= 0 && CpuAffinity.pin(cpu);
                // once per thread, at the first expensive requests: what the operator's limits came to here
                LOG.info("{} computes expensive requests {} and {}", Thread.currentThread().getName(),
                        lowered ? NICE_STEPS + " nice steps below the process" : "at the process's priority (no renice)",
                        pinned ? "on CPU " + cpu + " only" : cpu >= 0 ? "on any CPU (taskset failed)"
                                : "on any CPU (" + permits + " permits leave no CPU of " + (cpus == null ? "?"
                                : cpus.size()) + " free)");
                r.run();
            }, "whyrec-expensive-" + (index + 1));
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** Thrown when no permit came free within the wait. */
    public static final class BusyException extends RuntimeException {
        private final int permits;
        private final long waitMillis;

        BusyException(int permits, long waitMillis) {
            super("all " + permits + " permits for expensive requests stayed taken for " + waitMillis + " ms", null,
                    false, false);
            this.permits = permits;
            this.waitMillis = waitMillis;
        }

        /** The gate's number of permits. */
        public int permits() {
            return permits;
        }

        /** How long the request waited, in milliseconds. */
        public long waitMillis() {
            return waitMillis;
        }
    }

    /**
     * Computes an expensive call on one of the gate's threads once a permit is free, and frees it after; the
     * caller waits for the result. An exception of the call is thrown as it was.
     *
     * @throws BusyException when no permit came free within the wait (the call is not run)
     */
    public <T> T run(Supplier<T> call) {
        boolean got;
        try {
            got = permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            refused.incrementAndGet();
            throw new BusyException(size, waitMillis);
        }
        admitted.incrementAndGet();
        try {
            java.util.concurrent.Future<T> f = threads.submit(call::get);
            try {
                return f.get();
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while an expensive request was computed", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        } finally {
            permits.release();
        }
    }

    /** Stops the gate's threads (a call in progress is interrupted). */
    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** The number of permits. */
    public int permits() {
        return size;
    }

    /** The longest wait for a permit, in milliseconds. */
    public long waitMillis() {
        return waitMillis;
    }

    /** Permits taken now. */
    public int inUse() {
        return size - permits.availablePermits();
    }

    /** Expensive requests computed so far. */
    public long admitted() {
        return admitted.get();
    }

    /** Expensive requests refused so far because no permit came free. */
    public long refused() {
        return refused.get();
    }
}
