package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-job state of one warmer: both caps at once, the partition share, and nothing left once a job holds nothing. */
class LocalJobsTest {
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aFirstAttemptTakesFromTheJobAndTheProcessOrFromNeither() {
        LocalJobs jobs = new LocalJobs(40, nanos::get); // a burst of 2
        jobs.hold("slow", 1, List.of("ATL56-C1"));
        jobs.hold("free", null, List.of("ATL56-C1"));

        assertEquals(LocalJobs.Take.TAKEN, jobs.tryTake("slow"));
        assertEquals(LocalJobs.Take.JOB_CAPPED, jobs.tryTake("slow"));
        assertEquals(LocalJobs.Take.TAKEN, jobs.tryTake("free"), "the capped job's refusal took no process token");
        assertEquals(LocalJobs.Take.PROCESS_CAPPED, jobs.tryTake("free"));
        jobs.refund("free");
        assertEquals(LocalJobs.Take.TAKEN, jobs.tryTake("free"));
    }

    @Test
    void aJobsRateIsItsShareOfThePartitionsAndItIsForgottenOnceItHoldsNothing() {
        LocalJobs jobs = new LocalJobs(0, nanos::get);
        jobs.hold("j", 80, List.of("ATL56-C1", "DFW55-C3"));
        jobs.hold("j", 80, List.of("ATL56-C1"));
        jobs.share(1, 4);
        assertEquals(20, jobs.rate("j"));
        jobs.share(0, 8);
        assertEquals(10, jobs.rate("j"), "a warmer between assignments still counts as one partition's share");
        assertEquals(Set.of("j"), jobs.at("DFW55-C3"));

        jobs.release("j", List.of("ATL56-C1", "DFW55-C3"));
        assertEquals(Set.of(), jobs.at("DFW55-C3"));
        assertEquals(1, jobs.size());
        jobs.release("j", List.of("ATL56-C1"));
        assertEquals(0, jobs.size());
    }

    @Test
    void aJobsFirstAttemptsWaitWhileItsRequestsWaitAtTheWire() {
        LocalJobs jobs = new LocalJobs(0, nanos::get);
        jobs.hold("j", 10, List.of("ATL56-C1"));
        WireLine line = jobs.line("j");
        assertEquals(WireLine.NOW, line.offer(() -> { }));
        line.offer(() -> { }); // arrived at the wire together with the first: waits 100 ms there

        assertEquals(LocalJobs.Take.JOB_CAPPED, jobs.tryTake("j"), "its start bucket has a token, but the line is not empty");
        assertEquals(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100), jobs.nanosUntilToken("j"));
        nanos.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(1, line.drain().go().size());
        assertEquals(LocalJobs.Take.TAKEN, jobs.tryTake("j"));
        assertEquals(null, jobs.line("free"), "no cap, no line");
    }
}
