package io.prewarm.warmer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this warmer holds of each job while the job has tasks waiting or running here, and nothing
 * once it has none: the job's rate bucket ({@code max_rate}) and the PoPs its tasks are at (so a
 * PoP's back-off is told to the jobs it holds). Also the process bucket
 * ({@code PREWARM_MAX_RATE}, every job together). Every request to the edge takes a token from
 * both: a first attempt only when both have one ({@link #tryTake}), a retry or a verification by
 * reserving one from each and waiting for the later ({@link #reserve}).
 *
 * <p>A job's rate is split over the warmers of the group by partition: this warmer's share is the
 * part of {@code prewarm.tasks}' partitions assigned to it ({@link #share}, on every rebalance),
 * so all warmers together never send more than {@code max_rate}; a job whose batches sit on fewer
 * partitions runs below it, never above. Called from the consumer loop and from HTTP threads.
 */
final class LocalJobs {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobs.class);
    static final int MAX_RATE = 100_000;

    /** How a first attempt's token went. */
    enum Take { TAKEN, JOB_CAPPED, PROCESS_CAPPED }

    private final LongSupplier nanoTime;
    private final TokenBucket process;
    private final Map<String, Job> jobs = new HashMap<>();
    private double share = 1;

    private static final class Job {
        final TokenBucket bucket;
        final int maxRate;
        final Map<String, Integer> pops = new HashMap<>();

        Job(int maxRate, TokenBucket bucket) {
            this.maxRate = maxRate;
            this.bucket = bucket;
        }
    }

    /** {@code processRate} requests per second for the whole warmer, 0 for none. */
    LocalJobs(int processRate, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.process = processRate > 0 ? new TokenBucket(processRate, nanoTime) : null;
    }

    LocalJobs(int processRate) {
        this(processRate, System::nanoTime);
    }

    /**
     * The job has tasks waiting or running here at {@code pops} (a waiting batch's PoPs, or a running
     * task's one); {@code maxRate} its cap, null or not positive for none. Undone by {@link #release}.
     */
    synchronized void hold(String requestID, Integer maxRate, Collection<String> pops) {
        if (pops.isEmpty()) {
            return;
        }
        Job job = jobs.computeIfAbsent(requestID, id -> {
            int rate = maxRate == null || maxRate < 1 ? 0 : Math.min(maxRate, MAX_RATE);
            return new Job(rate, rate > 0 ? new TokenBucket(rate * share, nanoTime) : null);
        });
        pops.forEach(p -> job.pops.merge(p, 1, Integer::sum));
    }

    /** Undoes one {@link #hold} with the same PoPs; the job is forgotten once it holds nothing here. */
    synchronized void release(String requestID, Collection<String> pops) {
        Job job = jobs.get(requestID);
        if (job == null) {
            return;
        }
        pops.forEach(p -> job.pops.computeIfPresent(p, (k, n) -> n > 1 ? n - 1 : null));
        if (job.pops.isEmpty()) {
            jobs.remove(requestID);
        }
    }

    /** Takes a token for a first attempt from the job's bucket and the process's, from both or neither. */
    synchronized Take tryTake(String requestID) {
        TokenBucket job = bucket(requestID);
        if (process != null && process.nanosUntilToken() > 0) {
            return Take.PROCESS_CAPPED;
        }
        if (job != null && !job.tryTake()) {
            return Take.JOB_CAPPED;
        }
        if (process != null) {
            process.tryTake();
        }
        return Take.TAKEN;
    }

    /** Gives back the tokens of a {@link #tryTake} whose task did not start after all. */
    synchronized void refund(String requestID) {
        TokenBucket job = bucket(requestID);
        if (job != null) {
            job.refund();
        }
        if (process != null) {
            process.refund();
        }
    }

    /** Reserves a token from both buckets for a retry or a verification; nanoseconds until it may be sent. */
    synchronized long reserve(String requestID) {
        TokenBucket job = bucket(requestID);
        return Math.max(job == null ? 0 : job.reserve(), process == null ? 0 : process.reserve());
    }

    /** Nanoseconds until a first attempt of the job may take its tokens (0: now). */
    synchronized long nanosUntilToken(String requestID) {
        TokenBucket job = bucket(requestID);
        return Math.max(job == null ? 0 : job.nanosUntilToken(), process == null ? 0 : process.nanosUntilToken());
    }

    /** This warmer owns {@code assigned} of the {@code total} partitions of the tasks topic: every job's rate follows. */
    synchronized void share(int assigned, int total) {
        double next = total <= 0 ? 1 : Math.max(1, Math.min(assigned, total)) / (double) total;
        if (next != share) {
            LOG.info("rate caps: this warmer sends {} of each capped job's max_rate ({} of {} task partitions)", String.format("%.3f", next),
                    assigned, total);
        }
        share = next;
        jobs.values().stream().filter(j -> j.bucket != null).forEach(j -> j.bucket.rate(j.maxRate * share));
    }

    /** The job's rate here, requests per second; 0 when it has no cap or holds nothing here. */
    synchronized double rate(String requestID) {
        TokenBucket job = bucket(requestID);
        return job == null ? 0 : job.rate();
    }

    /** The jobs with tasks waiting or running at {@code pop}. */
    synchronized Set<String> at(String pop) {
        Set<String> at = new TreeSet<>();
        jobs.forEach((id, job) -> {
            if (job.pops.containsKey(pop)) {
                at.add(id);
            }
        });
        return at;
    }

    /** Jobs holding anything here: 0 once every task has ended. */
    synchronized int size() {
        return jobs.size();
    }

    private TokenBucket bucket(String requestID) {
        Job job = jobs.get(requestID);
        return job == null ? null : job.bucket;
    }
}
