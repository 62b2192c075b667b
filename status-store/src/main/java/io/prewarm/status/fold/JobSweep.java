package io.prewarm.status.fold;

import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.TaskId;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The fold's periodic, wall-clock work: announces TIMEOUT for unfinished jobs past their deadline,
 * and deletes jobs that ended more than the retention ago from every store, at most a budget of
 * entries per sweep so one huge job never makes one huge transaction.
 */
final class JobSweep {
    private static final StringSerializer KEYS = new StringSerializer();

    private final HeaderCache headers;
    /** The stores keyed under {@link TaskId#jobStorePrefix}, deleted in this order, the header last. */
    private final List<KeyValueStore<String, ?>> perJob;

    JobSweep(HeaderCache headers, List<KeyValueStore<String, ?>> perJob) {
        this.headers = headers;
        this.perJob = List.copyOf(perJob);
    }

    List<JobStatusEvent> sweep(long now, long retentionMs, int deleteBudget) {
        List<JobStatusEvent> events = new ArrayList<>();
        int budget = deleteBudget;
        for (JobHeader h : headers.all()) {
            if (h.announced() == null && !h.finished() && now > h.deadline()) {
                headers.put(h.announcing(JobStatus.TIMEOUT));
                events.add(h.event(JobStatus.TIMEOUT, now));
            } else if (h.announced() != null && budget > 0 && now > ended(h) + retentionMs) {
                budget -= delete(h.requestID(), budget);
            }
        }
        return events;
    }

    private static long ended(JobHeader h) {
        return h.finished() ? Math.max(h.finishedAt(), h.createdAt()) : h.deadline();
    }

    /** Deletes up to {@code budget} of the job's entries, the header last; returns how many. */
    private int delete(String requestID, int budget) {
        int deleted = 0;
        for (KeyValueStore<String, ?> store : perJob) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, ?> it = store.prefixScan(TaskId.jobStorePrefix(requestID), KEYS)) {
                while (it.hasNext() && deleted + keys.size() < budget) {
                    keys.add(it.next().key);
                }
            }
            keys.forEach(store::delete);
            deleted += keys.size();
            if (deleted >= budget) {
                return deleted;
            }
        }
        headers.delete(requestID);
        return deleted + 1;
    }
}
