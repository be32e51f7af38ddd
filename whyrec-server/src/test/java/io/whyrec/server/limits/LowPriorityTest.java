package io.whyrec.server.limits;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lowering a thread's priority changes that thread's nice value only, and the gate's threads run lowered. */
class LowPriorityTest {

    @Test
    void aLoweredThreadRunsFourNiceStepsBelowTheOthers() throws Exception {
        Integer mine = LowPriority.nice();
        Assumptions.assumeTrue(mine != null && mine <= 15, "needs Linux's /proc/thread-self and room to renice");
        AtomicReference<Integer> lowered = new AtomicReference<>();
        AtomicReference<Boolean> done = new AtomicReference<>();
        Thread t = new Thread(() -> {
            done.set(LowPriority.lower(4));
            lowered.set(LowPriority.nice());
        });
        t.start();
        t.join();
        Assumptions.assumeTrue(done.get(), "renice is not available here");
        assertEquals(Math.min(19, mine + 4), lowered.get());
        assertEquals(mine, LowPriority.nice(), "the calling thread keeps its priority");
    }

    @Test
    void theGatesThreadsRunLowered() throws Exception {
        Integer mine = LowPriority.nice();
        Assumptions.assumeTrue(mine != null && mine <= 15, "needs Linux's /proc/thread-self and room to renice");
        AtomicReference<Boolean> works = new AtomicReference<>();
        Thread probe = new Thread(() -> works.set(LowPriority.lower(1)));
        probe.start();
        probe.join();
        Assumptions.assumeTrue(works.get(), "renice is not available here");
        try (ExpensiveGate gate = new ExpensiveGate(1, 0)) {
            assertEquals(Math.min(19, mine + ExpensiveGate.NICE_STEPS), gate.run(LowPriority::nice));
            assertTrue(gate.run(() -> Thread.currentThread().getName()).startsWith("whyrec-expensive-"));
        }
    }
}
