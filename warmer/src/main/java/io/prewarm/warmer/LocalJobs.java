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
 * once it has none: the job's rate buckets ({@code max_rate}) and the PoPs its tasks are at (so a
 * PoP's back-off is told to the jobs it holds). Also the process's buckets
 * ({@code PREWARM_MAX_RATE}, every job together).
 *
 * <p>Each cap is two buckets of the same rate, because what the edge must see is the rate of
 * requests written, not of tasks started. The <em>start</em> bucket paces when requests begin: a
 * first attempt starts only when the job and the process have a token ({@link #tryTake}), a retry
 * or a verification reserves one from each and waits for the later ({@link #reserve}), so capped
 * tasks do not take slots and connections ahead of their time. Between that token and the request's
 * bytes lie name resolution, the connection lease and its TCP/TLS set-up, class loading in a
 * freshly started JVM: there requests fall behind, and then go together. So every request takes a
 * token again from the <em>wire</em> bucket at the last moment HttpClient lets us hold it, after its
 * connection is leased and just before it is written, waiting in its job's {@link WireLine} when
 * there is none ({@link #line}, {@link WireGate}); the written requests keep {@code rate + burst}
 * in any 1 s window. While a job's line is not empty its first attempts do not start, so the line
 * drains instead of lasting as long as the job.
 *
 * <p>A job's rate is split over the warmers of the group by partition: this warmer's share is the
 * part of {@code prewarm.tasks}' partitions assigned to it ({@link #share}, on every rebalance),
 * so all warmers together never send more than {@code max_rate}; a job whose batches sit on fewer
 * partitions runs below it, never above. Called from the consumer loop, HTTP and timer threads.
 */
final class LocalJobs {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJobs.class);
    static final int MAX_RATE = 100_000;

    /** How a first attempt's token went. */
    enum Take { TAKEN, JOB_CAPPED, PROCESS_CAPPED }

    private final LongSupplier nanoTime;
    private final Cap process;
    private final WireLine processLine;
    private final Map<String, Job> jobs = new HashMap<>();
    private double share = 1;

    /** One rate cap: the bucket requests start by and the one they are written by. */
    private record Cap(TokenBucket start, TokenBucket wire) {
        Cap(double rate, LongSupplier nanoTime) {
            this(new TokenBucket(rate, nanoTime), new TokenBucket(rate, nanoTime));
        }

        void rate(double perSecond) {
            start.rate(perSecond);
            wire.rate(perSecond);
        }

    }

    private static final class Job {
        final Cap cap;
        final WireLine line;
        final int maxRate;
        final Map<String, Integer> pops = new HashMap<>();

        Job(int maxRate, Cap cap, WireLine line) {
            this.maxRate = maxRate;
            this.cap = cap;
            this.line = line;
        }
    }

    /** {@code processRate} requests per second for the whole warmer, 0 for none. */
    LocalJobs(int processRate, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.process = processRate > 0 ? new Cap(processRate, nanoTime) : null;
        this.processLine = process == null ? null : new WireLine(this, null, process.wire());
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
            Cap cap = rate > 0 ? new Cap(rate * share, nanoTime) : null;
            return new Job(rate, cap, cap == null ? null : new WireLine(this, cap.wire(), process == null ? null : process.wire()));
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

    /** Takes a start token for a first attempt from the job's bucket and the process's, from both or neither. */
    synchronized Take tryTake(String requestID) {
        Job job = jobs.get(requestID);
        if (process != null && (process.start().nanosUntilToken() > 0 || processLine.backlogNanos() > 0)) {
            return Take.PROCESS_CAPPED;
        }
        if (job != null && job.cap != null && (job.line.backlogNanos() > 0 || !job.cap.start().tryTake())) {
            return Take.JOB_CAPPED;
        }
        if (process != null) {
            process.start().tryTake();
        }
        return Take.TAKEN;
    }

    /** Gives back the start tokens of a {@link #tryTake} whose task did not start after all. */
    synchronized void refund(String requestID) {
        Cap job = cap(requestID);
        if (job != null) {
            job.start().refund();
        }
        if (process != null) {
            process.start().refund();
        }
    }

    /** Reserves a start token from both caps for a retry or a verification; nanoseconds until it may be sent. */
    synchronized long reserve(String requestID) {
        Cap job = cap(requestID);
        return Math.max(job == null ? 0 : job.start().reserve(), process == null ? 0 : process.start().reserve());
    }

    /** The line a request of the job waits in at the wire: its own when it is capped, else the process's; null when no cap applies. */
    synchronized WireLine line(String requestID) {
        Job job = jobs.get(requestID);
        return job != null && job.line != null ? job.line : processLine;
    }

    /** Nanoseconds until a first attempt of the job may take its tokens (0: now). */
    synchronized long nanosUntilToken(String requestID) {
        Job job = jobs.get(requestID);
        long jobWait = job == null || job.cap == null ? 0 : Math.max(job.cap.start().nanosUntilToken(), job.line.backlogNanos());
        return Math.max(jobWait, process == null ? 0 : Math.max(process.start().nanosUntilToken(), processLine.backlogNanos()));
    }

    /** This warmer owns {@code assigned} of the {@code total} partitions of the tasks topic: every job's rate follows. */
    synchronized void share(int assigned, int total) {
        double next = total <= 0 ? 1 : Math.max(1, Math.min(assigned, total)) / (double) total;
        if (next != share) {
            LOG.info("rate caps: this warmer sends {} of each capped job's max_rate ({} of {} task partitions)", String.format("%.3f", next),
                    assigned, total);
        }
        share = next;
        jobs.values().stream().filter(j -> j.cap != null).forEach(j -> j.cap.rate(j.maxRate * share));
    }

    /** The job's rate here, requests per second; 0 when it has no cap or holds nothing here. */
    synchronized double rate(String requestID) {
        Cap job = cap(requestID);
        return job == null ? 0 : job.start().rate();
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

    private Cap cap(String requestID) {
        Job job = jobs.get(requestID);
        return job == null ? null : job.cap;
    }
}
