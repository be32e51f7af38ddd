package io.whyrec.server.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The gate of expensive requests: at most its permits run at once, the rest wait and are refused. */
class ExpensiveGateTest {

    @Test
    void noMoreThanThePermitsRunAtOnceAndAFullGateRefusesAfterTheWait() throws Exception {
        ExpensiveGate gate = new ExpensiveGate(2, 0);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger now = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] calls = new Future<?>[2];
            for (int i = 0; i < 2; i++) {
                calls[i] = pool.submit(() -> gate.run(() -> {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    now.decrementAndGet();
                    return null;
                }));
            }
            running.await(10, TimeUnit.SECONDS);
            assertEquals(2, gate.inUse());
            ExpensiveGate.BusyException busy = assertThrows(ExpensiveGate.BusyException.class,
                    () -> gate.run(() -> "never"));
            assertEquals(2, busy.permits());
            assertEquals(1, gate.refused());
            release.countDown();
            for (Future<?> f : calls) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertEquals(2, most.get());
            assertEquals(0, gate.inUse(), "permits are given back");
            assertEquals("now", gate.run(() -> "now"));
            assertEquals(3, gate.admitted());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPermitIsGivenBackWhenTheCallFails() {
        ExpensiveGate gate = new ExpensiveGate(1, 0);
        assertThrows(IllegalStateException.class, () -> gate.run(() -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(0, gate.inUse());
        assertEquals(1, (int) gate.run(() -> 1));
    }

    @Test
    void theDefaultSizeIsHalfTheCoresAndAtLeastOne() {
        assertEquals(1, FairUse.DEFAULT.expensivePermits(1));
        assertEquals(1, FairUse.DEFAULT.expensivePermits(2));
        assertEquals(8, FairUse.DEFAULT.expensivePermits(16));
        assertEquals(3, FairUse.DEFAULT.withExpensive(3, 10).expensivePermits(16));
    }
}
