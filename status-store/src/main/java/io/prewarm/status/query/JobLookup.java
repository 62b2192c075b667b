package io.prewarm.status.query;

import io.prewarm.status.fold.JobHeader;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds a job's header so that a job written before the query is never reported unknown: when the
 * store has no header, wait until this instance has folded what was written to the job's partition
 * of {@code prewarm.jobs} before, and look again; then until the expander has consumed what was
 * written to {@code prewarm.requests} before (a direct producer's request becomes a job only once
 * the expander read it) and the job's partition once more, and look a last time. Only then is the job
 * unknown; a deadline passing first is "not yet", a 503, never a wrong 404.
 */
public final class JobLookup {
    public sealed interface Result permits Found, Unknown, NotYet {
    }

    public record Found(JobHeader header) implements Result {
    }

    /** Nothing written before the query made this job. */
    public record Unknown() implements Result {
    }

    public record NotYet(String why) implements Result {
    }

    private JobLookup() {
    }

    /**
     * Waits until the jobs partition is read up to where it ended, or the header appears before that
     * (the first registration chunk of a big job is folded long before its last one): the header then,
     * or empty once the partition was read; null when the deadline came first.
     */
    private static Optional<JobHeader> awaitJobsOrHeader(Supplier<Optional<JobHeader>> look, int partition, WrittenBefore written,
                                                         long deadlineNanos) {
        boolean read = written.awaitJobs(partition, deadlineNanos, () -> look.get().isPresent());
        Optional<JobHeader> h = look.get();
        return h.isPresent() || read ? h : null;
    }

    /** @param look reads the header from the local store (the partition's) */
    public static Result find(Supplier<Optional<JobHeader>> look, int partition, WrittenBefore written, long deadlineNanos) {
        Optional<JobHeader> h = look.get();
        if (h.isPresent()) {
            return new Found(h.get());
        }
        h = awaitJobsOrHeader(look, partition, written, deadlineNanos);
        if (h == null) {
            return new NotYet("status store has not yet read everything written to prewarm.jobs");
        }
        if (h.isPresent()) {
            return new Found(h.get());
        }
        if (!written.awaitExpander(deadlineNanos)) {
            return new NotYet("the expander has not yet read every request written to prewarm.requests");
        }
        if (!written.awaitJobs(partition, deadlineNanos)) {
            return new NotYet("status store has not yet read everything written to prewarm.jobs");
        }
        return look.get().<Result>map(Found::new).orElseGet(Unknown::new);
    }
}
