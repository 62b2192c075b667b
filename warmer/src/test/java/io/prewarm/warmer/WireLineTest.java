package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The line at the wire: arrival order, tokens taken when a request is let go, so a stall lets out a burst at most. */
class WireLineTest {
    private final AtomicLong nanos = new AtomicLong();
    private final Object lock = new Object();
    private final List<String> sent = new ArrayList<>();

    private Runnable send(String name) {
        return () -> sent.add(name);
    }

    private void advanceMillis(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void requestsGoInArrivalOrderAtTheRate() {
        WireLine line = new WireLine(lock, new TokenBucket(10, nanos::get), null); // a burst of 1

        assertEquals(WireLine.NOW, line.offer(send("a")));
        long drainIn = line.offer(send("b"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), drainIn);
        assertEquals(WireLine.DRAIN_DUE, line.offer(send("c")), "one drain is due for the whole line");
        advanceMillis(50);
        assertEquals(List.of(), line.drain().go(), "nothing before its token");
        advanceMillis(50);
        WireLine.Drained drained = line.drain();
        drained.go().forEach(Runnable::run);
        assertEquals(List.of("b"), sent);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), drained.nextNanos());
        assertTrue(line.backlogNanos() > 0, "c still waits: a first attempt would wait behind it");
    }

    @Test
    void afterAStallOnlyABurstGoesTogether() {
        WireLine line = new WireLine(lock, new TokenBucket(40, nanos::get), null); // a burst of 2
        line.offer(send("a"));
        line.offer(send("b"));
        for (int i = 0; i < 10; i++) {
            line.offer(send("q" + i));
        }
        advanceMillis(5_000); // the timer thread was late by seconds

        assertEquals(2, line.drain().go().size(), "the burst, not every slot that came due meanwhile");
        assertEquals(8, line.waiting());
    }

    @Test
    void aRequestGoesOnlyWhenTheJobAndTheProcessBothHaveAToken() {
        TokenBucket process = new TokenBucket(10, nanos::get);
        WireLine slow = new WireLine(lock, new TokenBucket(1, nanos::get), process);
        WireLine other = new WireLine(lock, null, process);

        assertEquals(WireLine.NOW, slow.offer(send("slow-1")));
        assertTrue(other.offer(send("other-1")) > 0, "the process token went to the slow job's request");
        advanceMillis(100);
        assertEquals(1, other.drain().go().size());
        assertTrue(slow.offer(send("slow-2")) > TimeUnit.MILLISECONDS.toNanos(800), "the job's own bucket holds it for a second");
    }
}
