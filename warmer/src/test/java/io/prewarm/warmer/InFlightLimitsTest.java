package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The slots the consumer loop takes per task: the limits, giving back, and waiting for one to come back. */
class InFlightLimitsTest {
    private final InFlightLimits limits = new InFlightLimits(3, 2);

    @Test
    void slotsAreTakenUpToThePerPopAndTheTotalLimit() {
        assertTrue(limits.tryAcquire("ATL56-C1"));
        assertTrue(limits.tryAcquire("ATL56-C1"));
        assertFalse(limits.tryAcquire("ATL56-C1"), "two at one PoP");
        assertTrue(limits.tryAcquire("DFW55-C3"));
        assertTrue(limits.isFull());
        assertFalse(limits.tryAcquire("IAD89-P1"), "three in all");
        assertEquals(3, limits.inFlight());
        assertEquals(2, limits.inFlight("ATL56-C1"));
    }

    @Test
    void aReleasedSlotCanBeTakenAgainAndAnIdlePopCountsZero() {
        limits.tryAcquire("ATL56-C1");
        limits.tryAcquire("ATL56-C1");
        limits.release("ATL56-C1");
        assertTrue(limits.tryAcquire("ATL56-C1"));
        limits.release("ATL56-C1");
        limits.release("ATL56-C1");
        assertEquals(0, limits.inFlight());
        assertEquals(0, limits.inFlight("ATL56-C1"));
    }

    @Test
    void releasingASlotNeverTakenIsABug() {
        limits.tryAcquire("ATL56-C1");
        assertThrows(IllegalStateException.class, () -> limits.release("DFW55-C3"));
        assertEquals(1, limits.inFlight());
    }

    @Test
    void aWaiterWakesWhenASlotComesBack() throws Exception {
        limits.tryAcquire("ATL56-C1");
        long mark = limits.releases();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                limits.awaitReleaseAfter(mark, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        limits.release("ATL56-C1");
        waiter.get(10, TimeUnit.SECONDS);
        assertEquals(mark + 1, limits.releases());
    }

    @Test
    void aReleaseBeforeTheWaitIsNotMissed() throws Exception {
        limits.tryAcquire("ATL56-C1");
        limits.tryAcquire("DFW55-C3");
        long mark = limits.releases();
        limits.release("ATL56-C1");
        long before = System.nanoTime();
        limits.awaitReleaseAfter(mark, Duration.ofSeconds(30));
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10), "returned at once");
    }

    @Test
    void awaitIdleSaysWhetherEverySlotCameBack() throws Exception {
        assertTrue(limits.awaitIdle(Duration.ZERO));
        limits.tryAcquire("ATL56-C1");
        assertFalse(limits.awaitIdle(Duration.ofMillis(20)));
    }
}
