package io.whyrec.server.limits;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CPU lists are read as Linux writes them, the expensive threads take the last CPUs, and a pin holds. */
class CpuAffinityTest {

    @Test
    void cpuListsAreReadAsLinuxWritesThem() {
        assertEquals(List.of(0), CpuAffinity.parse("0"));
        assertEquals(List.of(0, 1, 2, 3, 8, 10, 11), CpuAffinity.parse("0-3,8,10-11"));
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse(""));
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("3-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("0,x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void theExpensiveThreadsTakeTheLastCpusAndLeaveAtLeastOne() {
        List<Integer> two = List.of(0, 1);
        assertEquals(1, CpuAffinity.choose(two, 1, 0));
        assertEquals(1, CpuAffinity.choose(two, 1, 1), "a replaced thread takes the same CPU");
        assertEquals(-1, CpuAffinity.choose(two, 2, 0), "two threads on two CPUs would leave none");
        assertEquals(-1, CpuAffinity.choose(List.of(5), 1, 0));
        List<Integer> cpuset = List.of(2, 3, 6, 7);
        assertEquals(7, CpuAffinity.choose(cpuset, 2, 0));
        assertEquals(6, CpuAffinity.choose(cpuset, 2, 1));
        assertEquals(7, CpuAffinity.choose(cpuset, 2, 2));
    }

    @Test
    void aPinnedThreadRunsOnItsCpuOnlyAndTheOthersKeepTheirs() throws Exception {
        List<Integer> mine = CpuAffinity.allowed();
        Assumptions.assumeTrue(mine != null && mine.size() >= 2, "needs Linux's /proc/thread-self and 2 CPUs");
        int last = mine.get(mine.size() - 1);
        AtomicReference<Boolean> pinned = new AtomicReference<>();
        AtomicReference<List<Integer>> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            pinned.set(CpuAffinity.pin(last));
            seen.set(CpuAffinity.allowed());
        });
        t.start();
        t.join();
        Assumptions.assumeTrue(pinned.get(), "taskset is not available here");
        assertEquals(List.of(last), seen.get());
        assertEquals(mine, CpuAffinity.allowed(), "the calling thread keeps its CPUs");
    }

    @Test
    void theGatesThreadKeepsToTheLastCpuWhileOthersAreLeft() throws Exception {
        List<Integer> mine = CpuAffinity.allowed();
        Assumptions.assumeTrue(mine != null && mine.size() >= 2, "needs Linux's /proc/thread-self and 2 CPUs");
        AtomicReference<Boolean> works = new AtomicReference<>();
        Thread probe = new Thread(() -> works.set(CpuAffinity.pin(mine.get(0))));
        probe.start();
        probe.join();
        Assumptions.assumeTrue(works.get(), "taskset is not available here");
        try (ExpensiveGate gate = new ExpensiveGate(1, 0)) {
            assertEquals(List.of(mine.get(mine.size() - 1)), gate.run(CpuAffinity::allowed));
        }
        try (ExpensiveGate gate = new ExpensiveGate(mine.size(), 0)) {
            assertEquals(mine, gate.run(CpuAffinity::allowed), "as many permits as CPUs: no pinning");
        }
    }
}
