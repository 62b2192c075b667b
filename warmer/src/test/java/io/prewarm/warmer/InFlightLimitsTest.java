package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The slots the consumer loop takes per task and the results bounded behind them: the limits, giving back, and waiting for room. */
class InFlightLimitsTest {
    private final InFlightLimits limits = new InFlightLimits(3, 2, 2);

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
    void resultsAwaitingAcknowledgementAtTheirBoundStopEveryStartUntilOneIsSettled() {
        limits.tryAcquire("ATL56-C1");
        limits.resultPending();
        limits.release("ATL56-C1");
        limits.resultPending();
        assertTrue(limits.isFull(), "no slot is taken, but two results are pending");
        assertFalse(limits.tryAcquire("DFW55-C3"));
        assertEquals(0, limits.inFlight());

        limits.resultSettled();
        assertEquals(1, limits.pendingResults());
        assertTrue(limits.tryAcquire("DFW55-C3"));
    }

    @Test
    void settlingAResultNeverPendingIsABug() {
        assertThrows(IllegalStateException.class, limits::resultSettled);
    }

    private static CompletableFuture<Void> waitFor(InFlightLimits limits, long mark) {
        return CompletableFuture.runAsync(() -> {
            try {
                limits.awaitFreedAfter(mark, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aWaiterWakesWhenASlotComesBack() throws Exception {
        limits.tryAcquire("ATL56-C1");
        long mark = limits.freedCount();
        CompletableFuture<Void> waiter = waitFor(limits, mark);
        limits.release("ATL56-C1");
        waiter.get(10, TimeUnit.SECONDS);
        assertEquals(mark + 1, limits.freedCount());
    }

    @Test
    void withLargeLimitsTheWaiterWakesOnceAnEighthOfThePerPopLimitCameBackNotOnEachSlot() throws Exception {
        InFlightLimits big = new InFlightLimits(1024, 64, 8192);
        for (int i = 0; i < 20; i++) {
            big.tryAcquire("ATL56-C1");
        }
        long mark = big.freedCount();
        CompletableFuture<Void> waiter = waitFor(big, mark);
        for (int i = 0; i < 7; i++) {
            big.release("ATL56-C1");
        }
        assertFalse(waiter.isDone(), "7 of 64 back: not worth a turn of the loop yet");
        big.resultPending();
        big.resultSettled();
        waiter.get(10, TimeUnit.SECONDS);
        assertEquals(mark + 8, big.freedCount(), "a settled result counts as room too");
    }

    @Test
    void theLastSlotComingBackWakesTheWaiterBeforeTheEighth() throws Exception {
        InFlightLimits big = new InFlightLimits(1024, 64, 8192);
        big.tryAcquire("ATL56-C1");
        big.tryAcquire("ATL56-C1");
        CompletableFuture<Void> waiter = waitFor(big, big.freedCount());
        big.release("ATL56-C1");
        big.release("ATL56-C1");
        waiter.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aReleaseBeforeTheWaitIsNotMissed() throws Exception {
        limits.tryAcquire("ATL56-C1");
        limits.tryAcquire("DFW55-C3");
        long mark = limits.freedCount();
        limits.release("ATL56-C1");
        long before = System.nanoTime();
        limits.awaitFreedAfter(mark, Duration.ofSeconds(30));
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10), "returned at once");
    }

    @Test
    void awaitIdleSaysWhetherEverySlotAndEveryResultCameBack() throws Exception {
        assertTrue(limits.awaitIdle(Duration.ZERO));
        limits.tryAcquire("ATL56-C1");
        assertFalse(limits.awaitIdle(Duration.ofMillis(20)));
        limits.resultPending();
        limits.release("ATL56-C1");
        assertFalse(limits.awaitIdle(Duration.ofMillis(20)), "a result still awaits its acknowledgement");
        limits.resultSettled();
        assertTrue(limits.awaitIdle(Duration.ZERO));
    }
}
